/**
 * Resolves something once per combination of label values (already bounded) and hands back the
 * same object afterwards: nested maps keyed by each value, so an event's lookup builds no key
 * string and no label object. The combinations are as few as the bounded labels allow.
 */
export function createChildCache<Child>(
  resolve: (...values: string[]) => Child,
): (...values: string[]) => Child {
  const root = new Map<string, unknown>();
  return (...values) => {
    let node = root;
    const last = values.length - 1;
    for (let index = 0; index < last; index += 1) {
      let next = node.get(values[index]!) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[index]!, next);
      }
      node = next;
    }
    let child = node.get(values[last]!) as Child | undefined;
    if (child === undefined) {
      child = resolve(...values);
      node.set(values[last]!, child);
    }
    return child;
  };
}
