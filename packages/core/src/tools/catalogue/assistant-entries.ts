import type { ToolCatalogueEntry } from './tool-catalogue.js';

/** Tools that answer with several models, search, files, or about the server itself. */
export const assistantEntries: readonly ToolCatalogueEntry[] = [];
