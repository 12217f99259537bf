/** One finding of `exai doctor`. */
export interface DoctorCheck {
  /** What was checked: `config`, `kimi key`, `kimi reachable`, `store`, … */
  name: string;
  status: 'ok' | 'warn' | 'fail';
  /** What was found; never a secret. */
  detail: string;
  /** What to do about a warning or failure. */
  fix?: string;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
