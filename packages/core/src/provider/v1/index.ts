export type { FilesV1, FilesV1Upload, ProviderFileV1 } from './files-v1.js';
export type { ProviderV1 } from './provider-v1.js';
export type { WebSearchV1, WebSearchV1Options, WebSearchV1Result } from './web-search-v1.js';
