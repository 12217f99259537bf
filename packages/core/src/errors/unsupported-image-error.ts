import { ExaiError } from './exai-error.js';

const marker = 'exai.error.unsupported-image';
const symbol = Symbol.for(marker);

/** A file read as an image is not a PNG, JPEG, GIF or WebP image (judged by its first bytes). */
export class UnsupportedImageError extends ExaiError {
  private readonly [symbol] = true;

  /** The path as it was given. */
  readonly path: string;
  readonly rule = 'unsupported-image' as const;

  constructor({ path }: { path: string }) {
    super('unsupported_image', {
      message: `"${path}" is not a PNG, JPEG, GIF or WebP image (judged by its first bytes); convert it to PNG and pass that.`,
      isRetryable: false,
    });
    this.name = 'UnsupportedImageError';
    this.path = path;
  }

  static override isInstance(error: unknown): error is UnsupportedImageError {
    return ExaiError.hasMarker(error, marker);
  }
}
