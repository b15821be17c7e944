#!/usr/bin/env node
// The GitHub Action's entry point (see action.yml): the build when there is one (a checkout of the
// sources, built by the install step or by a developer), else the release's one-file bundle
// (scripts/bundle-action.js), which release tags carry instead of dist/src.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/action.js', import.meta.url);
const { main } = await import(existsSync(built) ? built.href : new URL('../dist/action.mjs', import.meta.url).href);
await main();
