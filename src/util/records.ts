/**
 * Records: dated documents a practice leaves behind (process reviews, product briefs, DR tests,
 * experiments), found in conventional folders and any the blueprint names.
 */
import { z } from 'zod';
import { recordContextOf, type RecordOrigin, type RecordQuery } from '../records/context.ts';
import type { Finding, RepoView, RuleOutcome, TreeEntry } from '../types.ts';
import { globMatcher } from './glob.ts';
import { basename, extname } from './paths.ts';
import { daysBetween } from './time.ts';

export interface RecordDocument {
  path: string;
  text: string;
  /** When the record says it happened, or when it was last committed (for an issue, opened). */
  date: Date | null;
  dateFrom: 'name' | 'front-matter' | 'git' | 'forge' | null;
  /** Where it was found, when not in the audited repository (a handbook, a wiki, an issue). */
  origin?: RecordOrigin;
}

/** How a tree is searched: the audited repository as it is, or another source's folder. */
export interface TreeLayout {
  /** Folder of the tree the records are under ('' for its top); paths are matched relative to it. */
  prefix: string;
  /**
   * Another source (a handbook, a wiki) does not follow a code repository's docs/ layout: a
   * conventional folder also matches without its leading `docs/`, and a page at the top named
   * after it (`DR-test-2026-04-01.md`, `Process-review-2026-05.md`) counts as though it sat inside.
   */
  loose: boolean;
  /** The path the rule sees for a record at this path of the tree. */
  locate(path: string): string;
  origin?(path: string): RecordOrigin;
}

const SELF_LAYOUT: TreeLayout = { prefix: '', loose: false, locate: (path) => path };

/** "docs/dr-tests" → "dr-test": the name a page at the top of a wiki is given after the folder. */
function singular(folder: string): string {
  const last = folder.replace(/\/+$/, '').split('/').pop() ?? '';
  return last.toLowerCase().replace(/s$/, '');
}

function looseMatch(path: string, folders: readonly string[]): boolean {
  const lower = path.toLowerCase();
  if (
    folders.some((f) =>
      lower.startsWith(
        `${f
          .replace(/^docs\//i, '')
          .replace(/\/+$/, '')
          .toLowerCase()}/`,
      ),
    )
  )
    return true;
  if (lower.includes('/')) return false;
  const stem = lower.replace(/\.[^.]+$/, '');
  return folders.some((f) => {
    const name = singular(f);
    return name.length > 1 && new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?([-_ ]|$)`).test(stem);
  });
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
  const context = recordContextOf(repo);
  if (!context) return findInTree(repo, folders, globs, matches);
  context.queried = true;
  const query: RecordQuery = { folders, globs, matches };
  const lists = await Promise.all([
    context.self ? findInTree(repo, folders, globs, matches) : Promise.resolve([]),
    ...context.providers.map((p) => p.find(query)),
  ]);
  // Two sources over the same files (a handbook named twice) give each record once.
  const records = [...new Map(lists.flat().map((r) => [r.path, r])).values()];
  for (const r of records)
    context.found.set(r.path, {
      path: r.path,
      text: '',
      date: r.date,
      dateFrom: r.dateFrom,
      origin: r.origin ?? { source: 'self', kind: 'self', path: r.path, issue: null, url: null, author: null, state: null },
    });
  return sortRecords(records);
}

function sortRecords(records: RecordDocument[]): RecordDocument[] {
  return records.sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The files of a tree that may be records (documents, not index pages, READMEs or templates),
 * worked out once per tree: every record rule asks, and a large tree has thousands of files.
 */
const documents = new WeakMap<readonly TreeEntry[], TreeEntry[]>();
function documentsOf(files: readonly TreeEntry[]): TreeEntry[] {
  let found = documents.get(files);
  if (!found) {
    found = files.filter((e) => e.kind === 'file' && DOCUMENT.has(extname(e.path)) && !README.test(basename(e.path)));
    documents.set(files, found);
  }
  return found;
}

/** Records in one tree (the audited repository, or another source's folder), newest first. */
export async function findInTree(
  repo: RepoView,
  folders: readonly string[],
  globs: readonly string[] = [],
  matches?: (path: string) => boolean,
  layout: TreeLayout = SELF_LAYOUT,
): Promise<RecordDocument[]> {
  const prefixes = folders.map((f) => `${f.replace(/\/+$/, '').toLowerCase()}/`);
  const configured = globMatcher(globs);
  const under = layout.prefix ? `${layout.prefix}/` : '';
  const relative = (path: string) => path.slice(under.length);
  const entries = documentsOf(await repo.files()).filter((e) => {
    if (under && !e.path.startsWith(under)) return false;
    const path = relative(e.path);
    const lower = path.toLowerCase();
    return (
      configured(path) ||
      prefixes.some((p) => lower.startsWith(p)) ||
      (matches?.(path) ?? false) ||
      (layout.loose && looseMatch(path, folders))
    );
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
      const dateFrom = named ? 'name' : front ? 'front-matter' : committed ? 'git' : null;
      const record: RecordDocument = { path: layout.locate(entry.path), text, date, dateFrom };
      if (layout.origin) record.origin = layout.origin(entry.path);
      return record;
    }),
  );
  return sortRecords(records.filter((r): r is RecordDocument => r !== null));
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
