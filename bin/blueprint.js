#!/usr/bin/env node
import module from 'node:module';
import { statSync } from 'node:fs';

// Node 22.1+ caches compiled code between runs; older versions simply skip this.
module.enableCompileCache?.();
const built = new URL('../dist/src/cli/main.js', import.meta.url);
const bundled = new URL('../dist/cli/main.js', import.meta.url);
const modified = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
// The bundle `npm run build` makes after compiling (scripts/bundle-cli.js) loads faster; a compile
// since (tsc alone) is newer than it, and then the build runs as compiled.
const { main } = await import((modified(bundled) >= modified(built) ? bundled : built).href);
main();
