import { ExaiError } from './exai-error.js';

const marker = 'exai.error.binary-file';
const symbol = Symbol.for(marker);

export interface BinaryFileErrorOptions {
  /** The path as it was given. */
  path: string;
  /** Set when the file is an image a vision model can read instead (`image/png`, …). */
  mediaType?: string;
}

/** A file read as text is binary (NUL bytes, or mostly invalid UTF-8). */
export class BinaryFileError extends ExaiError {
  private readonly [symbol] = true;

  readonly path: string;
  readonly mediaType: string | undefined;
  readonly rule = 'binary-file' as const;

  constructor({ path, mediaType }: BinaryFileErrorOptions) {
    super('binary_file', {
      message:
        mediaType === undefined
          ? `"${path}" is a binary file, not text (it has NUL bytes or is not valid UTF-8); pass a text file.`
          : `"${path}" is an image (${mediaType}), not text; send it as an image to a model with vision.`,
      isRetryable: false,
    });
    this.name = 'BinaryFileError';
    this.path = path;
    this.mediaType = mediaType;
  }

  static override isInstance(error: unknown): error is BinaryFileError {
    return ExaiError.hasMarker(error, marker);
  }
}
