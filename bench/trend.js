#!/usr/bin/env node
// The cost of a trend against one cold audit: four quarterly points and twelve monthly ones,
// each from an empty cache, on the synthetic repository of bench/history.js (or any clone given).
// Usage: npm run build && node bench/trend.js [<repo>] [runs=1]
//   without <repo>: .bench/synthetic, built by bench/make-repo.js once (as bench/history.js does).
// The newest point is the repository's last commit date, so every point lands on its history.
// Targets: four quarterly points <= 1.5x one cold audit, twelve monthly <= 2x.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const repo = process.argv[2] ? resolve(process.argv[2]) : join(root, '.bench', 'synthetic');
const runs = Number(process.argv.slice(3).find((a) => /^\d+$/.test(a)) ?? 1);
if (!process.argv[2] && !existsSync(join(repo, 'HEAD'))) {
  console.log('building the synthetic repository (once)…');
  const built = spawnSync(process.execPath, [join(root, 'bench/make-repo.js'), repo], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
const { audit, trend } = await import(join(root, 'dist/src/index.js'));
const gitEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (...args) => spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: gitEnv }).stdout.trim();
const newest = git('log', '-1', '--format=%ct', 'HEAD');
if (!/^\d+$/.test(newest)) {
  console.error(`bench/trend.js: ${repo} is not a git repository with commits (usage: node bench/trend.js [<repo>] [runs])`);
  process.exit(2);
}
const until = new Date(Number(newest) * 1000);
const commits = git('rev-list', '--count', 'HEAD');

async function timed(run) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'blueprint-bench-trend-'));
  try {
    const start = performance.now();
    const report = await run(cacheDir);
    const ms = performance.now() - start;
    // A timing of a run that failed would be a figure of nothing.
    const failed = report.repos.find((r) => r.status !== 'ok');
    if (failed) throw new Error(`bench/trend.js: ${failed.target}: ${failed.error}`);
    return ms;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cold = [];
const quarterly = [];
const monthly = [];
for (let i = 0; i < runs; i++) {
  cold.push(await timed((cacheDir) => audit({ targets: [repo], now: until, cacheDir })));
  quarterly.push(await timed((cacheDir) => trend({ targets: [repo], since: '9m', every: 'quarter', until, cacheDir })));
  monthly.push(await timed((cacheDir) => trend({ targets: [repo], since: '11m', every: 'month', until, cacheDir })));
}
const c = median(cold);
const q = median(quarterly);
const m = median(monthly);
// Ratios are medians of each run's own (cold, quarterly, monthly run one after another), so that a
// machine slowing down for a while moves a ratio's both sides alike.
const ratio = (xs) => median(xs.map((x, i) => x / cold[i]));
console.log(`blueprint-audit trend benchmark: ${repo} (${commits} commits), median of ${runs}, node ${process.version}`);
console.log(`  one cold audit (empty cache)                 ${c.toFixed(0).padStart(7)} ms`);
console.log(
  `  trend, 4 quarterly points (empty cache)      ${q.toFixed(0).padStart(7)} ms   ${ratio(quarterly).toFixed(2)}x cold   target <= 1.50x`,
);
console.log(
  `  trend, 12 monthly points (empty cache)       ${m.toFixed(0).padStart(7)} ms   ${ratio(monthly).toFixed(2)}x cold   target <= 2.00x`,
);
