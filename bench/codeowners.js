#!/usr/bin/env node
// CODEOWNERS ownership and glob matching at the sizes GitHub allows, and the patterns that used to
// hang a run. Usage: npm run build && node bench/codeowners.js [runs=5]
// Prints medians of `runs` runs (after one warm-up) for:
//   - a 50,000-line CODEOWNERS (folders, per-file lines, extensions, **/ patterns) parsed, then
//     the owners of each of 200,000 files, as bus-factor computes its coverage;
//   - `*a*a*a*a*a*a*a*b` as a CODEOWNERS line and as a blueprint.yml glob, over 1,000 names of
//     200 characters (with regular expressions, one such name took hours);
//   - 20 systems-like globs over the 200,000 files, as the key-person matrix matches them.
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url);
const { parseCodeowners } = await import(new URL('dist/src/util/codeowners.js', root).href);
const { globMatcher } = await import(new URL('dist/src/util/glob.js', root).href);
const runs = Number(process.argv[2] ?? 5);

const SERVICES = 2000;
const AREAS = ['src', 'test', 'db', 'docs', 'config'];
const EXTS = ['ts', 'js', 'sql', 'md', 'yml', 'json', 'go', 'py'];

/** 200,000 paths: services/svc-N/<area>/mod-M/file-K.<ext>, plus a few top-level files. */
function makeFiles(count) {
  const files = ['README.md', 'package.json', '.github/workflows/ci.yml'];
  for (let i = 0; files.length < count; i++) {
    const service = i % SERVICES;
    const area = AREAS[Math.floor(i / SERVICES) % AREAS.length];
    files.push(`services/svc-${service}/${area}/mod-${i % 37}/file-${i}.${EXTS[i % EXTS.length]}`);
  }
  return files;
}

/** 50,000 lines in the shapes large CODEOWNERS files have, most of them one line per file. */
function makeCodeowners(lines, files) {
  const out = ['# generated', '* @org/everyone', '*.md @org/docs', '*.min.js', '/.github/ @org/platform', 'docs/* @org/docs'];
  for (let s = 0; s < SERVICES; s++) {
    out.push(
      `/services/svc-${s}/ @org/team-${s % 200}`,
      `/services/svc-${s}/db/ @org/dba @org/team-${s % 200}`,
      `/services/svc-${s}/src/**/*.go @org/go-${s % 20}`,
      `**/svc-${s}/config/*.yml @org/sre`,
    );
  }
  for (let i = 0; out.length <= lines; i += 4) out.push(`/${files[3 + (i % (files.length - 3))]} @user-${i % 977}`);
  return out.join('\n');
}

function median(fn) {
  fn();
  const samples = Array.from({ length: runs }, () => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const fmt = (ms) => `${ms.toFixed(1).padStart(9)} ms`;
const files = makeFiles(200_000);
const text = makeCodeowners(50_000, files);
let co = parseCodeowners(text);
const owned = files.filter((f) => co.ownersOf(f)?.length).length;
const parse = median(() => (co = parseCodeowners(text)));
const ownership = median(() => {
  for (const f of files) co.ownersOf(f);
});

const STARS = '*a*a*a*a*a*a*a*b';
const long = Array.from({ length: 1000 }, (_, i) => `src/${'a'.repeat(200)}${i}`);
const hostile = parseCodeowners(`* @all\n${STARS} @alice\n/src/**/${STARS}/ @bob\n`);
const hostileOwners = median(() => {
  for (const f of long) hostile.ownersOf(f);
});
const hostileGlob = globMatcher([STARS, `**/${STARS}`, `{x,y}/${STARS}`]);
const hostileGlobs = median(() => {
  for (const f of long) hostileGlob(f);
});

const systems = Array.from({ length: 20 }, (_, i) =>
  globMatcher([`services/svc-${i * 97}/**`, `services/*/db/mod-${i}/**`, `**/*.{go,py}`]),
);
const matrix = median(() => {
  for (const m of systems) for (const f of files) m(f);
});

console.log(`CODEOWNERS and globs benchmark, median of ${runs} runs, node ${process.version}`);
console.log(
  `  CODEOWNERS of ${co.rules.length.toLocaleString('en')} lines (${(text.length / 1024 / 1024).toFixed(1)} MB), ${files.length.toLocaleString('en')} files (${owned.toLocaleString('en')} owned)`,
);
console.log(`    parse                              ${fmt(parse)}`);
console.log(`    owners of every file               ${fmt(ownership)}   ${((ownership * 1000) / files.length).toFixed(2)} µs per file`);
console.log(`  ${STARS} over ${long.length.toLocaleString('en')} names of 200+ characters`);
console.log(`    as CODEOWNERS lines                ${fmt(hostileOwners)}`);
console.log(`    as blueprint.yml globs             ${fmt(hostileGlobs)}`);
console.log(`  20 systems globs × ${files.length.toLocaleString('en')} files      ${fmt(matrix)}`);
