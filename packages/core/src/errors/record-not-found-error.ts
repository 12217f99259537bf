import { ExaiError } from './exai-error.js';

const marker = 'exai.error.record-not-found';
const symbol = Symbol.for(marker);

/** A write needed a record that does not exist (for example, a turn appended to a missing thread). */
export class RecordNotFoundError extends ExaiError {
  private readonly [symbol] = true;

  /** `thread`, `tenant`, `file`, … */
  readonly recordType: string;
  readonly recordId: string;

  constructor({ recordType, recordId, message }: { recordType: string; recordId: string; message?: string }) {
    super('record_not_found', {
      message: message ?? `No ${recordType} "${recordId}" exists (it may have expired or been deleted).`,
      isRetryable: false,
    });
    this.name = 'RecordNotFoundError';
    this.recordType = recordType;
    this.recordId = recordId;
  }

  static override isInstance(error: unknown): error is RecordNotFoundError {
    return ExaiError.hasMarker(error, marker);
  }
}
