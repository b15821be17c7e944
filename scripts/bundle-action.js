// Bundles the GitHub Action's entry point and everything it imports (the built dist/src and the
// production dependencies) into one file, dist/action.mjs, so that a release of the action runs
// with nothing to install or compile on the runner. The release workflow runs it after the build
// (`npm run bundle:action`) and commits the file into the release's tag; bin/action.js prefers it.
// The bundle reads its data files (package.json, docs/report.schema.json, rules/*/README.md) from
// the action's checkout, as the unbundled build does.
//
//   node scripts/bundle-action.js [output file]   (default dist/action.mjs)
import { resolve } from 'node:path';
import { bundleBuilt, root } from './bundle-built.js';

const file = resolve(process.argv[2] ?? resolve(root, 'dist/action.mjs'));
await bundleBuilt('dist/src/action.js', { file, codeSplitting: false });
console.log(`wrote ${file}`);
