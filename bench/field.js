#!/usr/bin/env node
// The field script: audits clones of real repositories and prints, per repository and rule, the
// verdict and the metrics behind it, compactly, so that a person can check each claim against the
// repository itself (its workflows, tags, files and `git log`).
//
// Usage: npm run build && node bench/field.js [--now ISO] [--rule id]... [--json report.json] <clone>...
// BLUEPRINT_DIST=<folder> uses another build (tsc --outDir <folder>) instead of dist/.
// The clones live outside the project (see docs/field-corpus.md); never commit them.
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.BLUEPRINT_DIST ?? new URL('../dist', import.meta.url).pathname);
const { audit } = await import(pathToFileURL(resolve(dist, 'src/index.js')).href);

const args = process.argv.slice(2);
const targets = [];
const rules = [];
let now = new Date();
let jsonOut = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--now') now = new Date(args[++i]);
  else if (a === '--rule') rules.push(args[++i]);
  else if (a === '--json') jsonOut = args[++i];
  else targets.push(a);
}
if (!targets.length) {
  console.error('usage: node bench/field.js [--now ISO] [--rule id]... [--json report.json] <clone>...');
  process.exit(2);
}

/** One metric value in a few characters. */
function brief(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    if (value.every((v) => typeof v !== 'object'))
      return `[${value.slice(0, 6).join(',')}${value.length > 6 ? `,…+${value.length - 6}` : ''}]`;
    return `[${value.length} rows]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => typeof v !== 'object' || v === null))
      return `{${entries
        .slice(0, 6)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}}`;
    return `{${entries.length} keys}`;
  }
  if (typeof value === 'string' && value.length > 40) return `${value.slice(0, 37)}…`;
  return String(value);
}

const report = await audit({ targets, now, cache: true, concurrency: 2, ...(rules.length ? { rules } : {}) });
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
for (const repo of report.repos) {
  const name = basename(repo.target);
  if (repo.status === 'error') {
    console.log(`\n${name}: ERROR ${repo.error}`);
    continue;
  }
  const kind = repo.kind ? `${repo.kind.kind ?? 'unknown'} (${repo.kind.source}: ${repo.kind.evidence.join('; ')})` : '—';
  console.log(
    `\n${name} @ ${repo.commit?.slice(0, 12)}  score ${repo.score ?? '—'}  kind ${kind}${repo.complete ? '' : `  INCOMPLETE: ${repo.incomplete.join(' | ')}`}`,
  );
  for (const note of repo.notes) console.log(`  note: ${note}`);
  for (const rule of repo.rules) {
    const head = `  ${rule.status.toUpperCase().padEnd(5)} ${rule.id.padEnd(18)} ${rule.score === null ? '  — ' : String(rule.score).padStart(4)}`;
    if (rule.status === 'skip' || rule.status === 'error') {
      console.log(`${head}  ${(rule.reason ?? '').slice(0, 110)}`);
      continue;
    }
    const metrics = Object.entries(rule.metrics)
      .filter(([k]) => (k !== 'matrix' && k !== 'files') || typeof rule.metrics[k] === 'number')
      .map(([k, v]) => `${k}=${brief(v)}`)
      .join(' ');
    console.log(`${head}  ${metrics.slice(0, 400)}`);
    for (const f of rule.findings.slice(0, 3))
      console.log(`        ${f.severity[0]} ${f.message.slice(0, 140)}${f.path ? ` (${f.path})` : ''}`);
    if (rule.findings.length > 3) console.log(`        … ${rule.findings.length - 3} more findings`);
  }
}
