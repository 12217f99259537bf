import { ExaiError } from './exai-error.js';

const marker = 'exai.error.record-exists';
const symbol = Symbol.for(marker);

/** A create was asked for an id that is already taken. */
export class RecordExistsError extends ExaiError {
  private readonly [symbol] = true;

  readonly recordType: string;
  readonly recordId: string;

  constructor({ recordType, recordId }: { recordType: string; recordId: string }) {
    super('record_exists', {
      message: `A ${recordType} with id "${recordId}" already exists; pick another id or use the existing one.`,
      isRetryable: false,
    });
    this.name = 'RecordExistsError';
    this.recordType = recordType;
    this.recordId = recordId;
  }

  static override isInstance(error: unknown): error is RecordExistsError {
    return ExaiError.hasMarker(error, marker);
  }
}
