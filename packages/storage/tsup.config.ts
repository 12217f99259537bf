import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/sqlite/index.ts', 'src/postgres/index.ts', 'src/supabase/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['better-sqlite3', 'pg', '@supabase/supabase-js', 'ws'],
});
