/**
 * Records: dated documents a practice leaves behind (process reviews, product briefs, DR tests,
 * experiments), found in conventional folders and any the blueprint names.
 */
import { z } from 'zod';
import type { Finding, RepoView, RuleOutcome } from '../types.ts';
import { globMatcher } from './glob.ts';
import { basename, extname } from './paths.ts';
import { daysBetween } from './time.ts';

export interface RecordDocument {
  path: string;
  text: string;
  /** When the record says it happened, or when it was last committed. */
  date: Date | null;
  dateFrom: 'name' | 'front-matter' | 'git' | null;
}

const DOCUMENT = new Set(['.md', '.markdown', '.mdx', '.rst', '.adoc', '.txt']);
const README = /^(readme|index|template|_template)(\.|$)/i;

/** A date in a file name: 2026-05-14, 2026_05_14, 20260514, or 2026-05 (the first of the month). */
export function dateInName(name: string): Date | null {
  const full = /(20\d{2}|19\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(name);
  if (full) return new Date(Date.UTC(Number(full[1]), Number(full[2]) - 1, Number(full[3])));
  const month = /(20\d{2}|19\d{2})[-_](0[1-9]|1[0-2])(?![-_]?\d)/.exec(name);
  return month ? new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)) : null;
}

/** `date: 2026-05-14` in YAML front matter (between --- lines at the top). */
export function dateInFrontMatter(text: string): Date | null {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const value = front ? /^date\s*:\s*["']?(\d{4}-\d{2}-\d{2})/m.exec(front[1]!) : null;
  if (!value) return null;
  const date = new Date(`${value[1]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Documents under any of `folders` (or matching `globs`, or `matches`), newest first. Index pages,
 * READMEs and templates are not records.
 */
export async function findRecords(
  repo: RepoView,
  folders: readonly string[],
  globs: readonly string[] = [],
  matches?: (path: string) => boolean,
): Promise<RecordDocument[]> {
  const prefixes = folders.map((f) => `${f.replace(/\/+$/, '').toLowerCase()}/`);
  const configured = globMatcher(globs);
  const entries = (await repo.files()).filter((e) => {
    if (e.kind !== 'file' || !DOCUMENT.has(extname(e.path)) || README.test(basename(e.path))) return false;
    return configured(e.path) || prefixes.some((p) => e.path.toLowerCase().startsWith(p)) || (matches?.(e.path) ?? false);
  });
  const records = await Promise.all(
    entries.map(async (entry): Promise<RecordDocument | null> => {
      const raw = await repo.readText(entry.path);
      if (raw === null) return null;
      // HTML comments are guidance (as in the scaffolded starters), not content.
      const text = raw.replace(/<!--[\s\S]*?-->/g, '');
      const named = dateInName(basename(entry.path));
      const front = named ? null : dateInFrontMatter(text);
      const committed = named || front ? null : await repo.lastChanged(entry.path);
      const date = named ?? front ?? committed;
      return { path: entry.path, text, date, dateFrom: named ? 'name' : front ? 'front-matter' : committed ? 'git' : null };
    }),
  );
  return records
    .filter((r): r is RecordDocument => r !== null)
    .sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0) || (a.path < b.path ? -1 : 1));
}

/** Records dated within `days` before `now`. */
export function countWithin(records: readonly RecordDocument[], now: Date, days: number): number {
  return records.filter((r) => {
    if (!r.date) return false;
    const age = daysBetween(r.date, now);
    return age >= 0 && age <= days;
  }).length;
}

/**
 * The option every record-based rule shares. Many teams keep these records in a wiki or a
 * tracker, so by default a repository without any is skipped, not failed.
 */
export function whenAbsentOption(what: string) {
  return z
    .enum(['skip', 'fail'])
    .default('skip')
    .describe(`When the repository holds no ${what} at all: skip (they may be kept elsewhere, e.g. a wiki) or fail.`);
}

/**
 * The outcome of a practice with no evidence in the repository: skipped with a reason that says
 * where to record it, or a failure when the blueprint asks for the records in the repository.
 */
export function absentOutcome(
  whenAbsent: 'skip' | 'fail',
  absence: { what: string; where: string; scaffold?: string; orElse?: string },
  metrics: Record<string, unknown>,
): RuleOutcome {
  const scaffold = absence.scaffold ? ` (\`blueprint scaffold ${absence.scaffold}\` writes a starter)` : '';
  const orElse = absence.orElse === undefined ? ', or set paths in blueprint.yml' : absence.orElse ? `, or ${absence.orElse}` : '';
  const add = `${absence.where}${scaffold}${orElse}`;
  if (whenAbsent === 'skip') {
    return {
      score: null,
      metrics,
      findings: [],
      reason: `No ${absence.what} in this repository; they may be kept elsewhere. To have them audited, add ${add}.`,
    };
  }
  return {
    score: 0,
    metrics,
    findings: [{ severity: 'error', message: `No ${absence.what}: add ${add}.`, path: null, line: null } satisfies Finding],
  };
}

/** The newest record, its age in days, and how many records fall in the year before `now`. */
export function recordTimeline(
  records: readonly RecordDocument[],
  now: Date,
): { latest: RecordDocument | null; daysSinceLast: number | null; inLastYear: number } {
  const latest = records[0] ?? null;
  const age = (r: RecordDocument) => (r.date ? daysBetween(r.date, now) : null);
  const latestAge = latest ? age(latest) : null;
  return {
    latest,
    daysSinceLast: latestAge === null ? null : Math.max(0, latestAge),
    inLastYear: countWithin(records, now, 365),
  };
}
