/**
 * `npm run pack`: builds every package and packs each publishable workspace package into
 * `dist-packs/`, the tarballs `npm publish` would upload. Install them all at once (npm needs the
 * `@exai/*` siblings of `exai` from the same command, as they are not on the registry yet):
 *
 *   npm install -g ./dist-packs/*.tgz
 */
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';

import { listPublishablePackages } from './pack/list-publishable-packages.js';
import { packPackages } from './pack/pack-packages.js';

const root = process.cwd();
execFileSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { stdio: 'inherit' });
const packages = await listPublishablePackages({ root });
const packed = await packPackages({ root, packages, destination: 'dist-packs' });
for (const pkg of packed) {
  console.log(`${pkg.name}@${pkg.version}  ${relative(root, pkg.tarball)}  (${pkg.files.length} files)`);
}
console.log('\nInstall: npm install -g ./dist-packs/*.tgz');
