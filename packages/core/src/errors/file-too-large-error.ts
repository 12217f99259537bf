import { ExaiError } from './exai-error.js';

const marker = 'exai.error.file-too-large';
const symbol = Symbol.for(marker);

export interface FileTooLargeErrorOptions {
  /** The path as it was given. */
  path: string;
  /** The size of the file, or at least how much of it was seen before the cap. */
  bytes: number;
  maxBytes: number;
  /** The option that sets the cap, e.g. `maxFileBytes`. */
  option: string;
}

/** A file is larger than the cap exai reads. */
export class FileTooLargeError extends ExaiError {
  private readonly [symbol] = true;

  readonly path: string;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly option: string;
  readonly rule = 'file-too-large' as const;

  constructor({ path, bytes, maxBytes, option }: FileTooLargeErrorOptions) {
    super('file_too_large', {
      message:
        `"${path}" is ${bytes} bytes, over the cap of ${maxBytes} bytes (the ${option} option); ` +
        `pass a smaller file or an excerpt of it, or raise ${option}.`,
      isRetryable: false,
    });
    this.name = 'FileTooLargeError';
    this.path = path;
    this.bytes = bytes;
    this.maxBytes = maxBytes;
    this.option = option;
  }

  static override isInstance(error: unknown): error is FileTooLargeError {
    return ExaiError.hasMarker(error, marker);
  }
}
