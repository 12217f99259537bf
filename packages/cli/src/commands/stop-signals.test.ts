import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForStopSignals, type StopSignals } from './stop-signals.js';

let stop: StopSignals | undefined;
afterEach(() => {
  stop?.dispose();
  stop = undefined;
  vi.restoreAllMocks();
});

const send = (name: NodeJS.Signals) => process.emit(name, name);

describe('listenForStopSignals', () => {
  it('aborts first, then second, and exits at once on one signal more', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    stop = listenForStopSignals();
    send('SIGTERM');
    expect([stop.first.aborted, stop.second.aborted, stop.exitCode()]).toEqual([true, false, 143]);
    send('SIGINT');
    expect(stop.second.aborted).toBe(true);
    expect(exit).not.toHaveBeenCalled();
    send('SIGINT');
    expect(exit).toHaveBeenCalledWith(143);
  });

  it('with one stage, exits at once on the second signal, so a step deaf to the first can still be stopped', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    stop = listenForStopSignals({ stages: 1 });
    send('SIGINT');
    expect([stop.first.aborted, stop.exitCode()]).toEqual([true, 130]);
    expect(exit).not.toHaveBeenCalled();
    send('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    expect(stop.second.aborted).toBe(false);
  });

  it('stops listening when disposed', () => {
    stop = listenForStopSignals();
    const before = process.listenerCount('SIGINT');
    stop.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before - 1);
  });
});
