#!/usr/bin/env node
// The truck factor on real repositories, in both modes, with and without bots: the files analysed,
// the truck factor and the active truck factor, and the time each audit of the rule takes (no
// history cache, so every run mines the whole history).
//
// Usage: npm run build && node bench/truck-factor.js [--now ISO] <clone>...
// With github-linguist installed, `node bench/linguist-compare.js <clone>` shows the file sets side by side.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.BLUEPRINT_DIST ?? new URL('../dist', import.meta.url).pathname);
const { audit } = await import(pathToFileURL(resolve(dist, 'src/index.js')).href);

const args = process.argv.slice(2);
let now = new Date();
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--now') now = new Date(args[++i]);
  else targets.push(args[i]);
}
if (!targets.length) {
  console.error('usage: node bench/truck-factor.js [--now ISO] <clone>...');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'blueprint-tf-'));
const config = (name, options) => {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, `rules:\n  bus-factor:\n    options: ${JSON.stringify(options)}\n`);
  return file;
};
const variants = [
  ['avl', config('avl', { mode: 'avl' })],
  ['avl+bots', config('avl-bots', { mode: 'avl', excludeBots: false })],
  ['avl-2016', config('avl-2016', { mode: 'avl-2016' })],
  ['avl-2016+bots', config('avl-2016-bots', { mode: 'avl-2016', excludeBots: false })],
];

const rows = [];
for (const target of targets) {
  const row = { repository: basename(target) };
  for (const [name, file] of variants) {
    const started = performance.now();
    const report = await audit({ targets: [target], now, rules: ['bus-factor'], config: file, cache: false });
    const seconds = (performance.now() - started) / 1000;
    const rule = report.repos[0]?.rules[0];
    const m = rule?.metrics ?? {};
    row[name] = { tf: m.truckFactor ?? '—', active: m.activeTruckFactor ?? '—', files: m.authorshipFiles ?? '—', seconds };
  }
  rows.push(row);
  const cells = variants.map(([name]) => `${name} ${row[name].tf}/${row[name].active}`).join('  ');
  console.error(`${row.repository}: files ${row.avl.files}  ${cells}  (${row.avl.seconds.toFixed(1)} s)`);
}

console.log(
  '| repository | files analysed | TF avl (bots out) | active TF | TF avl with bots | TF avl-2016 | TF avl-2016 with bots | time, avl, no cache |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.repository} | ${r.avl.files} | ${r.avl.tf} | ${r.avl.active} | ${r['avl+bots'].tf} | ${r['avl-2016'].tf} | ${r['avl-2016+bots'].tf} | ${r.avl.seconds.toFixed(1)} s |`,
  );
}
