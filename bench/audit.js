#!/usr/bin/env node
// Measures blueprint from process start to exit and compares it with the floors it cannot beat:
// starting node, and git listing the tree. Usage: npm run bench [-- <repo> [runs]]
// Prints medians of `runs` runs (default 15) after one warm-up run.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const repo = resolve(process.argv[2] ?? root);
const runs = Number(process.argv[3] ?? 15);
const bin = resolve(root, 'bin/blueprint.js');
const env = { ...process.env, CI: 'true', NO_COLOR: '1' };

function time(cmd, args) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(cmd, args) {
  time(cmd, args);
  const samples = Array.from({ length: runs }, () => time(cmd, args)).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const fmt = (ms) => `${ms.toFixed(1).padStart(8)} ms`;
const files = spawnSync('git', ['-C', repo, 'ls-files'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;

const nodeFloor = median(process.execPath, ['-e', '']);
const gitFloor = median('git', ['-C', repo, 'ls-tree', '-r', '-z', '-l', '--full-tree', 'HEAD']);
const version = median(process.execPath, [bin, '--version']);
const auditText = median(process.execPath, [bin, 'audit', repo]);
const auditJson = median(process.execPath, [bin, 'audit', repo, '--format', 'json']);

const rss = spawnSync(
  process.execPath,
  [
    '-e',
    `import(${JSON.stringify(resolve(root, 'dist/src/index.js'))}).then(async (m) => { await m.audit({ targets: [${JSON.stringify(repo)}] }); console.log(process.resourceUsage().maxRSS); })`,
  ],
  { env, encoding: 'utf8' },
);
const floor = nodeFloor + gitFloor;

console.log(`blueprint-audit benchmark: ${repo} (${files} tracked files), median of ${runs} runs, node ${process.version}`);
console.log(`  node -e ''                    ${fmt(nodeFloor)}   (floor: starting node)`);
console.log(`  git ls-tree -r HEAD           ${fmt(gitFloor)}   (floor: git listing the tree)`);
console.log(`  blueprint --version           ${fmt(version)}   ${(version / nodeFloor).toFixed(2)}x node start   target < 150 ms`);
console.log(`  blueprint audit (text)        ${fmt(auditText)}   ${(auditText / floor).toFixed(2)}x node + git floor   target < 1000 ms`);
console.log(`  blueprint audit --format json ${fmt(auditJson)}   ${(auditJson / floor).toFixed(2)}x node + git floor`);
console.log(`  peak memory of an in-process audit: ${(Number(rss.stdout.trim()) / 1024).toFixed(1)} MiB`);
