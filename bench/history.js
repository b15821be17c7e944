#!/usr/bin/env node
// The history layer at scale: builds (or reuses) a large synthetic repository and compares a
// full audit with the floor, the history layer's own `git log` run to /dev/null.
// Usage: npm run bench:history [-- <repo> [runs=3]]
//   without <repo>: builds .bench/synthetic (100,000 commits, 5,000 files, 200 authors,
//   300 branches, merges and renames) with bench/make-repo.js, once.
// Prints: floor, cold audit (empty cache), warm audit (cached history), peak RSS, and ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.argv[3] ?? 3);
let repo = process.argv[2] ? resolve(process.argv[2]) : join(root, '.bench', 'synthetic');
if (!process.argv[2] && !existsSync(join(repo, 'HEAD'))) {
  console.log('building the synthetic repository (once)…');
  const built = spawnSync(process.execPath, [join(root, 'bench/make-repo.js'), repo], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
const bin = join(root, 'bin/blueprint.js');
const gitEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const gitDir = spawnSync('git', ['-C', repo, 'rev-parse', '--absolute-git-dir'], { encoding: 'utf8', env: gitEnv }).stdout.trim();
const commit = spawnSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8', env: gitEnv }).stdout.trim();
const commits = spawnSync('git', ['-C', repo, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8', env: gitEnv }).stdout.trim();
const FORMAT = '%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%an%x1f%ae%x1f%cN%x1f%cE%x1f%cn%x1f%ce%x1f%at%x1f%ct';
const floorArgs = [
  `--git-dir=${gitDir}`,
  '-c',
  'diff.renameLimit=999999',
  '-c',
  `mailmap.blob=${commit}:.mailmap`,
  'log',
  '-z',
  '--name-status',
  '--find-renames',
  '--no-ext-diff',
  '--no-textconv',
  `--format=${FORMAT}`,
  commit,
  '--',
];

/** Wall time and peak RSS (via GNU time when present) of one command. */
function measure(cmd, args, env) {
  const timed = existsSync('/usr/bin/time');
  const start = performance.now();
  const r = spawnSync(timed ? '/usr/bin/time' : cmd, timed ? ['-f', '%M', cmd, ...args] : args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  const rssKb = timed ? Number(r.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, rssMb: rssKb / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const floor = [];
const cold = [];
const warm = [];
const rss = [];
for (let i = 0; i < runs; i++) {
  floor.push(measure('git', floorArgs, gitEnv).ms);
  const cache = mkdtempSync(join(tmpdir(), 'blueprint-bench-cache-'));
  const env = { ...process.env, CI: 'true', XDG_CACHE_HOME: cache };
  const args = [bin, 'audit', repo, '--now', '2026-11-24', '--format', 'json', '--output', join(cache, 'report.json')];
  const c = measure(process.execPath, args, env);
  const w = measure(process.execPath, args, env);
  cold.push(c.ms);
  warm.push(w.ms);
  rss.push(c.rssMb);
  rmSync(cache, { recursive: true, force: true });
}
const f = median(floor);
const c = median(cold);
const w = median(warm);
console.log(`blueprint-audit history benchmark: ${repo} (${commits} commits), median of ${runs}, node ${process.version}`);
console.log(`  floor: git log of the history layer > /dev/null  ${f.toFixed(0).padStart(7)} ms`);
console.log(
  `  cold audit (empty cache)                        ${c.toFixed(0).padStart(7)} ms   ${(c / f).toFixed(2)}x floor   target <= 1.50x`,
);
console.log(
  `  warm audit (cached history)                     ${w.toFixed(0).padStart(7)} ms   ${(w / c).toFixed(3)} of cold   target <= 0.100`,
);
console.log(`  peak RSS of the cold audit                      ${median(rss).toFixed(0).padStart(7)} MB   target <= 400 MB`);
