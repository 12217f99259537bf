import { ExaiError } from './exai-error.js';

const marker = 'exai.error.file-not-found';
const symbol = Symbol.for(marker);

export interface FileNotFoundErrorOptions {
  /** The path as it was given. */
  path: string;
  message?: string;
  cause?: unknown;
}

/** A path inside the allowed roots names no file or directory. */
export class FileNotFoundError extends ExaiError {
  private readonly [symbol] = true;

  readonly path: string;
  readonly rule = 'not-found' as const;

  constructor({ path, message, cause }: FileNotFoundErrorOptions) {
    super('file_not_found', {
      message: message ?? `"${path}" does not exist; check the spelling and the folder it is relative to.`,
      cause,
      isRetryable: false,
    });
    this.name = 'FileNotFoundError';
    this.path = path;
  }

  static override isInstance(error: unknown): error is FileNotFoundError {
    return ExaiError.hasMarker(error, marker);
  }
}
