import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/openai-compatible/index.ts',
    'src/kimi/index.ts',
    'src/glm/index.ts',
    'src/openai/index.ts',
    'src/openrouter/index.ts',
    'src/ollama/index.ts',
  ],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
