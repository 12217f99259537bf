import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/logging.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The dashboard page's static files, served by exai itself (see src/dashboard/dashboard-assets.ts).
  onSuccess: () => cp('src/dashboard/page', 'dist/dashboard/page', { recursive: true }),
});
