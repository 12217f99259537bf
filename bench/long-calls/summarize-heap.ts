// `npx tsx bench/long-calls/summarize-heap.ts idle.heapsnapshot loaded.heapsnapshot <calls>`: what
// a heap snapshot with calls in flight holds beyond an idle one, per call — self sizes summed by
// kind and constructor, largest first (TOP rows, default 60). Pairs with heap-probe.ts.
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function groupOf(type: string, name: string): string {
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
  if (type === 'code' || type === 'number') return `(${type})`;
  if (type === 'array' || type === 'hidden') return `(${type}) ${name.slice(0, 40)}`;
  return `${type} ${name.slice(0, 60)}`;
}

function summarize(path: string): { groups: Map<string, { count: number; size: number }>; total: number } {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const groups = new Map<string, { count: number; size: number }>();
  let total = 0;
  for (let index = 0; index < nodes.length; index += fields.length) {
    const group = groupOf(types[nodes[index + typeAt!]!]!, strings[nodes[index + nameAt!]!]!);
    const size = nodes[index + sizeAt!]!;
    total += size;
    const entry = groups.get(group) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += size;
    groups.set(group, entry);
  }
  return { groups, total };
}

const [idlePath, loadedPath, callsArgument] = process.argv.slice(2);
if (idlePath === undefined || loadedPath === undefined || callsArgument === undefined) {
  console.error('usage: summarize-heap.ts idle.heapsnapshot loaded.heapsnapshot <calls in flight>');
  process.exit(2);
}
const calls = Number(callsArgument);
const idle = summarize(idlePath);
const loaded = summarize(loadedPath);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(
  `self sizes: idle ${kib(idle.total)} KiB, loaded ${kib(loaded.total)} KiB, ` +
    `${kib((loaded.total - idle.total) / calls)} KiB per call`,
);
const rows = [...loaded.groups].map(([group, { count, size }]) => {
  const before = idle.groups.get(group) ?? { count: 0, size: 0 };
  return { group, count: (count - before.count) / calls, size: (size - before.size) / calls };
});
rows.sort((a, b) => b.size - a.size);
for (const { group, count, size } of rows.slice(0, Number(process.env.TOP ?? 60))) {
  console.log(`${size.toFixed(0).padStart(8)} B/call ${count.toFixed(2).padStart(8)} objects/call  ${group}`);
}
