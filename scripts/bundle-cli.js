// Bundles the command line (the built dist/src and the production dependencies) into dist/cli/,
// which bin/blueprint.js prefers: node then loads a few dozen modules where it loaded some 220
// (the build's and zod's), 0.1-0.3 s of every audit on a 2-core machine. Modules the program
// imports only when a command needs them stay chunks of their own, so that `--version` loads
// no more than it did. `npm run build` writes it after compiling; the bundle reads its data files
// (package.json, docs/*.schema.json, rules/*/README.md) from the package, as the build does.
//
//   node scripts/bundle-cli.js [output folder]   (default dist/cli)
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleBuilt, root } from './bundle-built.js';

const dir = resolve(process.argv[2] ?? resolve(root, 'dist/cli'));
// Chunks are named by their contents: the last build's would stay beside the new ones.
rmSync(dir, { recursive: true, force: true });
// A module both imported and imported lazily is in the chunk that imports it: nothing to say.
await bundleBuilt('dist/src/cli/main.js', { dir }, (warning, warn) => {
  if (warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') warn(warning);
});
