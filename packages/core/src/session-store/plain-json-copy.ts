/** Nesting past this depth takes the JSON round trip (which also reports a cycle). */
const maxDepth = 16;

/** Stands for "not plain data": the caller then takes the JSON round trip. */
const notPlain = Symbol('not plain JSON data');

function copyItem(item: unknown, depth: number): unknown {
  switch (typeof item) {
    case 'string':
    case 'boolean':
      return item;
    case 'number':
      return Number.isFinite(item) ? item + 0 : notPlain; // -0 becomes 0, as through JSON
    case 'object':
      if (item === null) return null;
      if (depth >= maxDepth) return notPlain;
      return Array.isArray(item) ? copyArray(item, depth + 1) : copyObject(item, depth + 1);
    default:
      return notPlain;
  }
}

function copyArray(items: unknown[], depth: number): unknown {
  if (Object.getPrototypeOf(items) !== Array.prototype) return notPlain;
  const copy: unknown[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    // A hole or `undefined` becomes null through JSON: leave that case to the round trip.
    const item = copyItem(items[index], depth);
    if (item === notPlain || items[index] === undefined) return notPlain;
    copy[index] = item;
  }
  return copy;
}

function copyObject(value: object, depth: number): unknown {
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return notPlain;
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key) || key === '__proto__' || key === 'toJSON') return notPlain;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue; // dropped, as through JSON
    const copied = copyItem(item, depth);
    if (copied === notPlain) return notPlain;
    copy[key] = copied;
  }
  return copy;
}

/**
 * The copy `JSON.parse(JSON.stringify(value))` makes, for plain data: objects with the plain
 * prototype (or none), arrays, strings, booleans, finite numbers and null, not nested too deep.
 * Anything else (a `Date`, a class instance, `toJSON`, `NaN`, a `bigint`, a cycle, …) gives
 * undefined, and the caller takes the round trip, whose rules then apply. Several times cheaper
 * than the round trip for the small records a store is given.
 */
export function plainJsonCopy(value: object): Record<string, unknown> | undefined {
  const copy = copyObject(value, 0);
  return copy === notPlain ? undefined : (copy as Record<string, unknown>);
}
