import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ setFlagsFromString }));

beforeEach(() => {
  vi.resetModules();
  setFlagsFromString.mockClear();
});

describe('tuneForShortCommand', () => {
  it('leaves the process alone when the CLI runs inside another program', async () => {
    const { tuneForShortCommand } = await import('./short-command-process.js');
    tuneForShortCommand();
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it("raises WebAssembly's tier-up budget once in the exai executable's own process", async () => {
    const { declareCliProcess, tuneForShortCommand } = await import('./short-command-process.js');
    declareCliProcess();
    tuneForShortCommand();
    tuneForShortCommand();
    expect(setFlagsFromString).toHaveBeenCalledTimes(1);
    expect(setFlagsFromString).toHaveBeenCalledWith('--wasm-tiering-budget=1000000000');
  });
});
