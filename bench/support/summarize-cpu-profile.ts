// Summarises V8 CPU profiles (`node --cpu-prof`): self and total time per function, and self time
// per package, over every sample. Usage: tsx bench/support/summarize-cpu-profile.ts FILE... [--top N]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex === -1 ? 40 : Number(args[topIndex + 1]);
const files = args.filter((arg, index) => arg !== '--top' && index !== topIndex + 1);

const self = new Map<string, number>();
const total = new Map<string, number>();
const byPackage = new Map<string, number>();
/** Time under a module's top-level code (loading and evaluating it), per package, counted once per sample. */
const loading = new Map<string, number>();
/** Time with a package's code anywhere on the stack, counted once per sample. */
const packageTotal = new Map<string, number>();
let allMicros = 0;

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/');
  const short = file.replace(/^.*\/packages\//, 'packages/');
  return `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
}

function packageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + (url.split(':')[1]?.split('/')[0] ?? '');
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (modules) return modules[modules.length - 1]!.replace('node_modules/', '');
  const workspace = url.match(/packages\/([^/]+)\//);
  return workspace ? `@exai/${workspace[1]}` : url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id)!;
    allMicros += micros;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + micros);
    const pkg = packageOf(node);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    // Total time: each distinct function on the sample's stack once.
    const seen = new Set<string>();
    const loadingSeen = new Set<string>();
    const packagesSeen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const node = byId.get(current)!;
      const { functionName, lineNumber, url } = node.callFrame;
      if (functionName === '' && lineNumber === 0 && url !== '' && !url.startsWith('node:')) {
        const pkg = packageOf(node);
        if (!loadingSeen.has(pkg)) loading.set(pkg, (loading.get(pkg) ?? 0) + micros);
        loadingSeen.add(pkg);
      }
      const onStack = packageOf(node);
      if (!packagesSeen.has(onStack)) packageTotal.set(onStack, (packageTotal.get(onStack) ?? 0) + micros);
      packagesSeen.add(onStack);
      const frame = frameName(node);
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + micros);
    }
  });
}

const idle = self.get('(idle)') ?? 0;
const busy = allMicros - idle;
const pct = (micros: number): string => ((100 * micros) / busy).toFixed(1).padStart(5);
const print = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title} (% of ${(busy / 1000).toFixed(0)} ms busy; idle ${(idle / 1000).toFixed(0)} ms)`);
  const rows = [...map]
    .filter(([name]) => name !== '(idle)' && name !== '(root)')
    .sort((a, b) => b[1] - a[1]);
  for (const [name, micros] of rows.slice(0, top)) console.log(`${pct(micros)}%  ${name}`);
};
process.stdout.on('error', () => process.exit(0));
print('self time by package', byPackage);
print('total time by package (on the stack)', packageTotal);
print('module top-level code (import) by package, inclusive', loading);
print('self time by function', self);
print('total time by function', total);
