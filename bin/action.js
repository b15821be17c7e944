#!/usr/bin/env node
// The GitHub Action's entry point (see action.yml).
const { main } = await import('../dist/src/action.js');
await main();
