#!/usr/bin/env node
// The history layer at scale: compares full audits with the floor, the history layer's own serial
// `git log` run to /dev/null, on a synthetic repository or on a clone of a real one.
// Usage: npm run bench:history [-- [<repo>] [--runs 3] [--jobs N] [--no-memory]]
//   without <repo>: builds .bench/synthetic (100,000 commits, 5,000 files, 200 authors,
//   300 branches, merges and renames) with bench/make-repo.js, once.
//   <repo>: any clone, e.g. /work/field/clones/rails__rails. It is never written to: every audit
//   runs in a throwaway `git clone --shared --no-checkout` in the temporary folder, where the new
//   commits are made.
// Prints, as medians: floor; cold audit (empty cache); warm (same commit, cached); after one new
// commit and after 100 more (incremental); then, in one more cold audit with both measured, the
// peak RSS of node and, separately, of the largest git process.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const [value] = argv.splice(i, 2).slice(1);
  return value;
};
const runs = Number(flag('--runs', '3'));
const jobs = flag('--jobs', undefined);
const memory = !argv.includes('--no-memory');
const positional = argv.filter((a) => !a.startsWith('--'));
let source = positional[0] ? resolve(positional[0]) : join(root, '.bench', 'synthetic');
if (!positional[0] && !existsSync(join(source, 'HEAD'))) {
  console.log('building the synthetic repository (once)…');
  const built = spawnSync(process.execPath, [join(root, 'bench/make-repo.js'), source], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
source = resolve(source);
const bin = join(root, 'bin/blueprint.js');
const gitEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC' };
const git = (dir, args, input) => {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: gitEnv, input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
};

// The throwaway copy: objects shared with the source (read only), its own refs and new objects.
const work = mkdtempSync(join(tmpdir(), 'blueprint-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const repo = join(work, 'repo');
const sourceHead = git(source, ['rev-parse', 'HEAD']);
spawnSync('git', ['clone', '--quiet', '--shared', '--no-checkout', source, repo], { env: gitEnv, stdio: 'inherit' });
git(repo, ['update-ref', 'refs/heads/bench', sourceHead]);
git(repo, ['symbolic-ref', 'HEAD', 'refs/heads/bench']);
// A corpus clone may stand in for objects it lacks with replace refs (and core.useReplaceRefs, which
// git honours over GIT_NO_REPLACE_OBJECTS): the copy reads what the clone reads.
for (const line of git(source, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/replace/']).split('\n').filter(Boolean)) {
  const [ref, object] = line.split(' ');
  git(repo, ['update-ref', ref, object]);
}
const replaceRefs = spawnSync('git', ['-C', source, 'config', '--get', 'core.useReplaceRefs'], {
  encoding: 'utf8',
  env: gitEnv,
}).stdout.trim();
if (replaceRefs) git(repo, ['config', 'core.useReplaceRefs', replaceRefs]);
const gitDir = git(repo, ['rev-parse', '--absolute-git-dir']);
const commits = git(repo, ['rev-list', '--count', 'HEAD']);
const FORMAT = '%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%an%x1f%ae%x1f%cN%x1f%cE%x1f%cn%x1f%ce%x1f%at%x1f%ct';
const floorArgs = [
  `--git-dir=${gitDir}`,
  '-c',
  'diff.renameLimit=999999',
  '-c',
  `mailmap.blob=${sourceHead}:.mailmap`,
  'log',
  '-z',
  '--name-status',
  '--find-renames',
  '--no-ext-diff',
  '--no-textconv',
  `--format=${FORMAT}`,
  sourceHead,
  '--',
];

/** Appends `count` commits to the bench branch, each changing one of a few files, with one fast-import. */
let made = 0;
function addCommits(count) {
  const tip = git(repo, ['rev-parse', 'HEAD']);
  const parts = [];
  for (let i = 0; i < count; i++) {
    made++;
    const when = 1795000000 + made * 60;
    const body = `bench change ${made}\n`;
    parts.push(
      'commit refs/heads/bench\n',
      `author Bench Person ${made % 3} <bench${made % 3}@example.com> ${when} +0000\n`,
      `committer Bench Person <bench@example.com> ${when} +0000\n`,
      `data ${`bench ${made}`.length}\nbench ${made}\n`,
      i === 0 ? `from ${tip}\n` : '',
      `M 100644 inline bench/file-${made % 7}.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`,
    );
  }
  git(repo, ['fast-import', '--quiet', '--done'], `${parts.join('')}done\n`);
}

function measure(cmd, args, env) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function auditEnv(cache, extra = {}) {
  return { ...process.env, CI: 'true', XDG_CACHE_HOME: cache, ...(jobs ? { BLUEPRINT_HISTORY_JOBS: jobs } : {}), ...extra };
}
const auditArgs = (cache) => [bin, 'audit', repo, '--now', '2026-11-24', '--format', 'json', '--output', join(cache, 'report.json')];

const times = { floor: [], cold: [], warm: [], one: [], hundred: [] };
for (let i = 0; i < runs; i++) {
  git(repo, ['update-ref', 'refs/heads/bench', sourceHead]);
  times.floor.push(measure('git', floorArgs, gitEnv));
  const cache = mkdtempSync(join(tmpdir(), 'blueprint-bench-cache-'));
  const env = auditEnv(cache);
  times.cold.push(measure(process.execPath, auditArgs(cache), env));
  times.warm.push(measure(process.execPath, auditArgs(cache), env));
  addCommits(1);
  times.one.push(measure(process.execPath, auditArgs(cache), env));
  addCommits(100);
  times.hundred.push(measure(process.execPath, auditArgs(cache), env));
  rmSync(cache, { recursive: true, force: true });
}

// Peak memory, measured apart (the wrappers cost a little time): node's own through a preload that
// reports process.resourceUsage() at exit, git's through a `git` on PATH that runs the real one
// under GNU time.
let nodeMb = NaN;
let gitMb = NaN;
if (memory && existsSync('/usr/bin/time')) {
  git(repo, ['update-ref', 'refs/heads/bench', sourceHead]);
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const wrappers = join(work, 'bin');
  spawnSync('mkdir', ['-p', wrappers]);
  const gitLog = join(work, 'git-rss.txt');
  const nodeLog = join(work, 'node-rss.txt');
  writeFileSync(join(wrappers, 'git'), `#!/bin/sh\nexec /usr/bin/time -a -o ${gitLog} -f %M ${realGit} "$@"\n`);
  chmodSync(join(wrappers, 'git'), 0o755);
  const preload = join(work, 'rss.mjs');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(nodeLog)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const cache = mkdtempSync(join(tmpdir(), 'blueprint-bench-cache-'));
  measure(process.execPath, ['--import', preload, ...auditArgs(cache)], auditEnv(cache, { PATH: `${wrappers}:${process.env.PATH}` }));
  nodeMb = Number(readFileSync(nodeLog, 'utf8')) / 1024;
  gitMb = Math.max(...readFileSync(gitLog, 'utf8').trim().split('\n').map(Number).filter(Number.isFinite)) / 1024;
  rmSync(cache, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

const f = median(times.floor);
const c = median(times.cold);
// Each ratio is the median of the runs' own ratios: a run's floor and audits are measured minutes
// apart at most, so a machine that slows down for a while (shared hosts do) moves both alike.
const ratio = (xs, of) => median(xs.map((x, i) => x / of[i]));
const line = (label, ms, ratio, target) =>
  console.log(`  ${label.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms   ${ratio}   target ${target}`);
console.log(
  `blueprint-audit history benchmark: ${source} (${commits} commits), median of ${runs}, node ${process.version}, history jobs ${jobs ?? 'default (cores)'}`,
);
console.log(`  ${'floor: serial git log of the history layer'.padEnd(46)} ${f.toFixed(0).padStart(7)} ms`);
line('cold audit (empty cache)', c, `${ratio(times.cold, times.floor).toFixed(2)}x floor `, '<= 1.00x floor');
line('warm audit (same commit, cached)', median(times.warm), `${ratio(times.warm, times.cold).toFixed(3)} of cold`, '<= 0.100');
line('after one new commit', median(times.one), `${ratio(times.one, times.cold).toFixed(3)} of cold`, '<= 0.100');
line('after 100 new commits', median(times.hundred), `${ratio(times.hundred, times.cold).toFixed(3)} of cold`, '<= 0.150');
console.log(`  ${'peak RSS of node (cold audit)'.padEnd(46)} ${nodeMb.toFixed(0).padStart(7)} MB   target <= 250 MB`);
console.log(`  ${'peak RSS of the largest git process'.padEnd(46)} ${gitMb.toFixed(0).padStart(7)} MB`);
