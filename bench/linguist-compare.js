#!/usr/bin/env node
// Compares the files blueprint counts for the truck factor (Linguist's classification as
// src/util/linguist/ reproduces it) with the files GitHub Linguist itself counts, on the HEAD
// commit of each repository given:
//
//   npm run build && node bench/linguist-compare.js <repo> [<repo>…] [--all] [--explain]
//
// Needs the `github-linguist` command (Debian: apt-get install ruby-github-linguist). Prints, per
// repository, the files each side counts and the files on which they disagree, grouped by why
// blueprint decided as it did (the strategy, pattern or check); --all lists every file of a group
// (default: five), --explain asks Linguist about each file only it counts or only we count
// (`github-linguist <file>`: its language and whether it finds it generated or vendored).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const { openLocalRepo } = await import(resolve(root, 'dist/src/sources/local.js'));
const { linguistVerdicts, LINGUIST_VERSION } = await import(resolve(root, 'dist/src/util/linguist/index.js'));

const args = process.argv.slice(2);
const all = args.includes('--all');
const explain = args.includes('--explain');
const repos = args.filter((a) => !a.startsWith('--'));
if (!repos.length) {
  console.error('usage: node bench/linguist-compare.js <repo> [<repo>…] [--all] [--explain]');
  process.exit(2);
}
if (spawnSync('github-linguist', ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.error('github-linguist is not installed: apt-get install ruby-github-linguist');
  process.exit(2);
}

function linguistFiles(dir) {
  const r = spawnSync('github-linguist', [dir, '--breakdown', '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`github-linguist failed on ${dir}: ${r.stderr}`);
  const out = new Map();
  for (const [language, { files }] of Object.entries(JSON.parse(r.stdout))) for (const f of files) out.set(f, language);
  return out;
}

function linguistOnFile(dir, path) {
  const r = spawnSync('github-linguist', [resolve(dir, path), '--json'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) return 'linguist could not tell';
  const info = Object.values(JSON.parse(r.stdout))[0];
  return `linguist: ${info.language ?? 'no language'}${info.generated ? ', generated' : ''}${info.vendored ? ', vendored' : ''}`;
}

const rows = [];
for (const repo of repos) {
  const dir = resolve(repo);
  const local = await openLocalRepo(dir);
  const entries = await local.view.files();
  const started = performance.now();
  const verdicts = await linguistVerdicts(local.view, entries);
  const ms = performance.now() - started;
  local.close();
  let theirs;
  try {
    theirs = linguistFiles(dir);
  } catch (error) {
    console.log(`\n${repo}: ${error.message.split('\n')[0]}`);
    continue;
  }
  const ours = new Set([...verdicts].filter(([, v]) => v.counts).map(([p]) => p));
  const groups = new Map();
  const add = (key, line) => {
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(line);
  };
  for (const path of ours) {
    if (theirs.has(path)) continue;
    const v = verdicts.get(path);
    add(`only blueprint counts: ${v.language} (${v.by})`, explain ? `${path}  [${linguistOnFile(dir, path)}]` : path);
  }
  for (const [path, language] of theirs) {
    if (ours.has(path)) continue;
    const v = verdicts.get(path);
    const why = v ? `${v.reason}${v.language ? ` ${v.language}` : ''} (${v.by})` : 'not in the tree blueprint read';
    add(`only Linguist counts (as ${language}): blueprint says ${why}`, path);
  }
  const disagreements = [...groups.values()].reduce((n, g) => n + g.length, 0);
  rows.push({
    repo: repo.replace(/\/$/, '').split('/').at(-1),
    files: entries.length,
    ours: ours.size,
    theirs: theirs.size,
    disagreements,
    ms,
  });
  console.log(
    `\n${repo}: ${entries.length} entries; blueprint counts ${ours.size}, Linguist ${LINGUIST_VERSION} ${theirs.size}, ${disagreements} disagreements; classified in ${ms.toFixed(0)} ms`,
  );
  for (const [key, lines] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${lines.length} ${key}`);
    for (const line of all ? lines : lines.slice(0, 5)) console.log(`      ${line}`);
    if (!all && lines.length > 5) console.log(`      … ${lines.length - 5} more (--all)`);
  }
}

if (rows.length > 1) {
  console.log('\n| repository | entries | blueprint | Linguist | disagreements | classified in |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.repo} | ${r.files} | ${r.ours} | ${r.theirs} | ${r.disagreements} | ${r.ms.toFixed(0)} ms |`);
}
