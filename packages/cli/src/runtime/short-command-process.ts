import { setFlagsFromString } from 'node:v8';

/**
 * A tier-up budget no short command reaches: V8's default is 1,800,000 (bytes of WebAssembly
 * executed, roughly, before a function is recompiled by TurboFan).
 */
const UNREACHABLE_WASM_TIERING_BUDGET = 1_000_000_000;

let ownsProcess = false;

/**
 * Called by the `exai` executable only: the process is the CLI's own, so a command may change
 * process-wide settings. `runCli` embedded in another program (or in tests) never does.
 */
export function declareCliProcess(): void {
  ownsProcess = true;
}

/**
 * For commands that make a few HTTP requests and exit (`chat`, `doctor`). undici parses HTTP with
 * llhttp compiled to WebAssembly; V8 runs it with its baseline compiler and, once a function is
 * hot, recompiles it with TurboFan on a background thread. A process that has finished must wait
 * for that compile before it exits: 100–350 ms after the answer was printed, on two shared
 * vCPUs. One or two responses gain nothing from the optimised code, so the tier-up budget is
 * raised out of reach. It must run before the first request loads undici. Long-running commands
 * (`serve`, `connect`) keep V8's default, so their parser is optimised.
 */
export function tuneForShortCommand(): void {
  if (!ownsProcess) return;
  ownsProcess = false;
  setFlagsFromString(`--wasm-tiering-budget=${UNREACHABLE_WASM_TIERING_BUDGET}`);
}
