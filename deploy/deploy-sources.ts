import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const repository = fileURLToPath(new URL('..', import.meta.url));
export const k8sDirectory = join(repository, 'deploy', 'k8s');

/** Every YAML document under deploy/k8s, with the file it came from. */
export function k8sDocuments(): Array<{ file: string; object: Record<string, unknown> }> {
  return readdirSync(k8sDirectory)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(k8sDirectory, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
        return { file, object: document.toJS() as Record<string, unknown> };
      }),
    );
}

export function composeFile(): Record<string, unknown> {
  const [document] = parseAllDocuments(readFileSync(join(repository, 'docker-compose.yml'), 'utf8'));
  return document!.toJS() as Record<string, unknown>;
}

/** The instructions of the Dockerfile's last stage (the image that runs), continuation lines joined. */
export function runtimeStageInstructions(): string[] {
  const text = readFileSync(join(repository, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const lastFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  return lines.slice(lastFrom);
}

/** Every non-test TypeScript source of the packages, concatenated, to look names up in. */
export function packageSources(): string {
  const packages = join(repository, 'packages');
  const read = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory())
        return entry.name === 'node_modules' || entry.name === 'dist' ? [] : read(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
        ? [readFileSync(path, 'utf8')]
        : [];
    });
  return readdirSync(packages)
    .flatMap((name) => read(join(packages, name, 'src')))
    .join('\n');
}
