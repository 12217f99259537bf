import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface DashboardAsset {
  contentType: string;
  body: Buffer;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's own files: beside this module in the sources, in `dist/dashboard/page/` once built. */
function pageDirectory(): string {
  const candidates = [new URL('./dashboard/page/', import.meta.url), new URL('./page/', import.meta.url)];
  const found = candidates
    .map((url) => fileURLToPath(url))
    .find((path) => existsSync(`${path}dashboard.html`));
  if (found === undefined)
    throw new Error(
      `the dashboard page is missing (looked in ${candidates.map(String).join(', ')}); rebuild @exai/server`,
    );
  return found;
}

/** The files `/dashboard/assets/` serves: the page's scripts and styles, and uPlot from its npm package. */
function assetPaths(): Record<string, string> {
  const page = pageDirectory();
  const require = createRequire(import.meta.url);
  return {
    'dashboard.js': `${page}dashboard.js`,
    'dashboard-render.js': `${page}dashboard-render.js`,
    'dashboard-charts.js': `${page}dashboard-charts.js`,
    'dashboard.css': `${page}dashboard.css`,
    'uPlot.iife.min.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
    'uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
}

/** Reads the page's files once, on first use; nothing is fetched from any other host. */
export function createDashboardAssets() {
  let assets: Map<string, DashboardAsset> | undefined;
  let shell: string | undefined;
  const load = () => {
    if (assets !== undefined) return assets;
    assets = new Map();
    for (const [name, path] of Object.entries(assetPaths())) {
      const extension = name.slice(name.lastIndexOf('.'));
      assets.set(name, { contentType: contentTypes[extension]!, body: readFileSync(path) });
    }
    shell = readFileSync(`${pageDirectory()}dashboard.html`, 'utf8');
    return assets;
  };
  return {
    asset: (name: string): DashboardAsset | undefined => load().get(name),
    /** The page shell: no data, only whether it must ask for a key and where its data comes from. */
    shell({ authRequired, source }: { authRequired: boolean; source: 'daemon' | 'store' }): string {
      load();
      return shell!.replace('{{auth}}', authRequired ? 'required' : 'none').replace('{{source}}', source);
    },
  };
}
