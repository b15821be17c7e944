#!/usr/bin/env node
// The GitHub Action's entry point (see action.yml): the release's one-file bundle when there is
// one (scripts/bundle-action.js), else the build.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/action.mjs', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/action.js');
await main();
