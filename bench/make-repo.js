#!/usr/bin/env node
// Generates a large synthetic repository with one `git fast-import`, deterministically (seeded).
// Usage: node bench/make-repo.js <dir> [commits=100000] [files=5000] [authors=200] [branches=300]
// The history spans three years up to 2026-11-24: modifications of 1-4 files per commit,
// a rename every 400 commits, merge commits from short branches, and `branches` branch heads of
// which two thirds are merged and one third left active.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const [dirArg, commitsArg = '100000', filesArg = '5000', authorsArg = '200', branchesArg = '300'] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: node bench/make-repo.js <dir> [commits] [files] [authors] [branches]');
  process.exit(2);
}
const dir = resolve(dirArg);
const COMMITS = Number(commitsArg);
const FILES = Number(filesArg);
const AUTHORS = Number(authorsArg);
const BRANCHES = Number(branchesArg);
const END = Date.parse('2026-11-24T00:00:00Z') / 1000;
const START = END - 3 * 365 * 86400;

// mulberry32: a small, fast, seeded PRNG, so every run builds the same repository.
let seed = 0x5eed;
function random() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (n) => Math.floor(random() * n);
// A skewed choice: a few authors and files get most of the work, as in real projects.
const skewed = (n) => Math.floor(n * random() ** 2.5);

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC' };
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
spawnSync('git', ['init', '-q', '--bare', '--initial-branch=main', dir], { env, stdio: 'inherit' });

const authors = Array.from({ length: AUTHORS }, (_, i) => `Dev ${String(i).padStart(3, '0')} <dev${i}@example.com>`);
const paths = Array.from({ length: FILES }, (_, i) => `src/mod${String(i % 50).padStart(2, '0')}/file${i}.ts`);
const versions = new Array(FILES).fill(0);
const content = (i) =>
  `export const value${i} = ${versions[i]};\n// ${'x'.repeat(40 + (i % 60))}\nexport function f${i}() { return value${i} * ${versions[i] % 7}; }\n`;

const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], { env, stdio: ['pipe', 'inherit', 'inherit'] });
let buffered = [];
let size = 0;
async function out(text) {
  buffered.push(text);
  size += text.length;
  if (size > 1 << 20) await flush();
}
async function flush() {
  const chunk = buffered.join('');
  buffered = [];
  size = 0;
  if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
}
const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
const person = (who, when) => `${who} ${when} +0000`;

let mark = 0;
const branchPoints = new Set(Array.from({ length: BRANCHES }, (_, i) => Math.floor(((i + 1) * COMMITS) / (BRANCHES + 1))));
let branchNo = 0;
let mainTip = 0;
let sinceStart = 0;
const spacing = (END - START) / COMMITS;

for (let c = 0; c < COMMITS; c++) {
  const when = Math.floor(START + c * spacing);
  const who = authors[skewed(AUTHORS)];
  mark++;
  let body = `commit refs/heads/main\nmark :${mark}\nauthor ${person(who, when)}\ncommitter ${person(who, when)}\n${data(`change ${c}`)}`;
  if (mainTip) body += `from :${mainTip}\n`;
  if (c === 0) {
    for (let i = 0; i < FILES; i++) body += `M 100644 inline ${paths[i]}\n${data(content(i))}`;
  } else if (c % 400 === 0) {
    const i = pick(FILES);
    const renamed = paths[i].replace(/file(\d+)/, `file$1r${c}`);
    body += `D ${paths[i]}\nM 100644 inline ${renamed}\n${data(content(i))}`;
    paths[i] = renamed;
  } else {
    const count = 1 + pick(4);
    for (let k = 0; k < count; k++) {
      const i = skewed(FILES);
      versions[i]++;
      body += `M 100644 inline ${paths[i]}\n${data(content(i))}`;
    }
  }
  await out(`${body}\n`);
  mainTip = mark;
  sinceStart++;

  if (branchPoints.has(c)) {
    // A branch of 1-3 commits from here; two thirds merge back a few days later.
    const name = `feature/b${String(branchNo++).padStart(3, '0')}`;
    const base = mainTip;
    let tip = base;
    const n = 1 + pick(3);
    for (let k = 0; k < n; k++) {
      mark++;
      const bwhen = when + (k + 1) * 3600;
      const bwho = authors[skewed(AUTHORS)];
      const i = skewed(FILES);
      versions[i]++;
      await out(
        `commit refs/heads/${name}\nmark :${mark}\nauthor ${person(bwho, bwhen)}\ncommitter ${person(bwho, bwhen)}\n${data(`work on ${name}`)}from :${tip}\nM 100644 inline ${paths[i]}\n${data(content(i))}\n`,
      );
      tip = mark;
    }
    if (branchNo % 3 !== 0) {
      mark++;
      const mwhen = when + 2 * 86400;
      await out(
        `commit refs/heads/main\nmark :${mark}\nauthor ${person(who, mwhen)}\ncommitter ${person(who, mwhen)}\n${data(`Merge ${name}`)}from :${mainTip}\nmerge :${tip}\n\n`,
      );
      mainTip = mark;
    }
  }
}
await out('done\n');
await flush();
child.stdin.end();
await new Promise((r) => child.on('close', r));
const count = spawnSync('git', ['-C', dir, 'rev-list', '--count', '--all'], { env, encoding: 'utf8' }).stdout.trim();
console.log(`built ${dir}: ${count} commits, ${FILES} files, ${AUTHORS} authors, ${BRANCHES} branches`);
