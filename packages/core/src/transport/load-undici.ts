import type * as UndiciModule from 'undici';

/** The undici module: its root import costs 100–150 ms, so it is loaded when the first request needs it. */
export type Undici = typeof UndiciModule;

let loading: Promise<Undici> | undefined;

/** Loads undici once; every later call returns the same promise. */
export function loadUndici(): Promise<Undici> {
  loading ??= import('undici');
  return loading;
}
