// Fails when an installed dependency does not support every Node.js version our package.json
// declares (its `engines.node`), the mismatch `npm ci` only warns about on the one Node it runs.
//
//   node scripts/check-engines.js [project-folder]
//
// Each release line our range admits is sampled at its lowest admitted version (for
// `^20.19.0 || >=22.12.0`: 20.19.0, 22.12.0, 23.0.0, 24.0.0 … up to LATEST_MAJOR), and every
// package the lock file lists and node_modules holds must accept each sample. A tiny range
// check, not semver: the operators npm packages use in `engines` (>=, >, <=, <, =, ^, ~, x, -).
// EXCEPTIONS lists known gaps, each with its reason; an exception that no longer applies fails
// too, so the list cannot rot.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The newest Node.js major we sample; raise it when a new line is released. */
const LATEST_MAJOR = 26;

/** Packages allowed to miss some sampled versions, and why. */
const EXCEPTIONS = {
  // A dev dependency (only `npm test` runs it) that supports 20, 22 and 24+ but not 23, an odd
  // line out of support since June 2025; npm warns about it only on Node 23.
  vitest: ['23.0.0'],
};

const parse = (v) => {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(v.trim());
  if (!m) return null;
  const part = (s) => (s === undefined || /[xX*]/.test(s) ? null : Number(s));
  return [part(m[1]), part(m[2]), part(m[3])];
};
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const floor = (p) => p.map((n) => n ?? 0);

/** The comparators one space-separated clause stands for, as [operator, version] pairs. */
function comparators(clause) {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(clause.trim());
  if (hyphen) return [...comparators(`>=${hyphen[1]}`), ...comparators(`<=${hyphen[2]}`)];
  // "> = 12" is not valid, but ">= 12" (a space after the operator) is common: glue them.
  const tokens = clause
    .trim()
    .replace(/([<>=^~]+)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  const out = [];
  for (const token of tokens) {
    const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(token);
    const op = m[1] ?? '';
    const p = parse(m[2]);
    if (!p) throw new Error(`cannot read the version range '${clause}'`);
    const [major, minor, patch] = p;
    if (major === null) continue; // "*" or "x": anything
    const base = floor(p);
    const next = (i) => (i === 0 ? [major + 1, 0, 0] : [major, (minor ?? 0) + 1, 0]);
    if (op === '^') {
      const upper = major > 0 ? next(0) : minor === null || minor > 0 ? next(minor === null ? 0 : 1) : [0, 0, (patch ?? 0) + 1];
      out.push(['>=', base], ['<', upper]);
    } else if (op === '~') out.push(['>=', base], ['<', minor === null ? next(0) : next(1)]);
    else if (op === '' || op === '=') {
      if (minor === null) out.push(['>=', base], ['<', next(0)]);
      else if (patch === null) out.push(['>=', base], ['<', next(1)]);
      else out.push(['=', base]);
    } else if (op === '>' && (minor === null || patch === null)) out.push(['>=', minor === null ? next(0) : next(1)]);
    else if (op === '<=' && (minor === null || patch === null)) out.push(['<', minor === null ? next(0) : next(1)]);
    else out.push([op, base]);
  }
  return out;
}

/** Whether `version` (x.y.z) satisfies an npm range such as `^20.19.0 || >=22.12.0`. */
export function satisfies(version, range) {
  const v = floor(parse(version));
  return range.split('||').some((clause) =>
    comparators(clause).every(([op, b]) => {
      const c = cmp(v, b);
      return op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '<' ? c < 0 : c === 0;
    }),
  );
}

/** The lowest version of each major line `range` admits, up to LATEST_MAJOR. */
export function samples(range) {
  const out = [];
  for (let major = 0; major <= LATEST_MAJOR; major++) {
    const line = range
      .split('||')
      .flatMap((clause) =>
        comparators(clause)
          .filter(([op]) => op === '>=' || op === '=')
          .map(([, b]) => b),
      )
      .filter((b) => b[0] === major)
      .map((b) => b.join('.'));
    const candidates = [`${major}.0.0`, ...line].filter((v) => satisfies(v, range)).sort((a, b) => cmp(parse(a), parse(b)));
    if (candidates[0]) out.push(candidates[0]);
  }
  return out;
}

/** Every installed package whose engines.node misses one of the samples of ours. */
export function check(root) {
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const ours = own.engines?.node;
  if (!ours) return { ours: null, versions: [], problems: ['package.json declares no engines.node'] };
  const versions = samples(ours);
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const problems = [];
  const excepted = new Map();
  for (const path of Object.keys(lock.packages ?? {})) {
    if (!path) continue;
    const file = join(root, path, 'package.json');
    if (!existsSync(file)) continue; // an optional package for another platform
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const range = pkg.engines?.node;
    if (typeof range !== 'string' || !range.trim()) continue;
    const missed = versions.filter((v) => !satisfies(v, range));
    const allowed = EXCEPTIONS[pkg.name] ?? [];
    if (allowed.length) excepted.set(pkg.name, (excepted.get(pkg.name) ?? false) || missed.length > 0);
    const unexpected = missed.filter((v) => !allowed.includes(v));
    if (unexpected.length)
      problems.push(`${pkg.name}@${pkg.version} (${path}) needs Node ${range}, which leaves out ${unexpected.join(', ')}`);
  }
  for (const [name, stillNeeded] of excepted) {
    if (!stillNeeded) problems.push(`${name} now supports every sampled version: remove it from EXCEPTIONS in scripts/check-engines.js`);
  }
  return { ours, versions, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
  const { ours, versions, problems } = check(root);
  if (problems.length) {
    console.error(`Dependencies that do not support every Node.js version package.json declares (${ours}):`);
    for (const p of problems) console.error(`  ${p}`);
    console.error('Pin or override them to versions that do (see "overrides" in package.json), then run npm install.');
    process.exitCode = 1;
  } else {
    console.log(`Every dependency supports Node ${ours} (checked ${versions.join(', ')}).`);
  }
}
