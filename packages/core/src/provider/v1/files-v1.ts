/** A file stored at a provider. */
export interface ProviderFileV1 {
  id: string;
  filename: string;
  bytes: number;
  purpose: string;
  createdAt: Date;
  status?: string;
}

export interface FilesV1Upload {
  /** The file's bytes. */
  data: Uint8Array;
  filename: string;
  /** What the provider should do with the file, e.g. `file-extract`. */
  purpose?: string;
  mediaType?: string;
  abortSignal?: AbortSignal;
}

/** A provider's file API: upload, list, read extracted content, delete. */
export interface FilesV1 {
  readonly specificationVersion: 'v1';
  upload(options: FilesV1Upload): Promise<ProviderFileV1>;
  list(options?: { abortSignal?: AbortSignal }): Promise<ProviderFileV1[]>;
  /** The content the provider extracted from the file, as text. */
  content(fileId: string, options?: { abortSignal?: AbortSignal }): Promise<string>;
  delete(fileId: string, options?: { abortSignal?: AbortSignal }): Promise<void>;
}
