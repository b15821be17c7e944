import type { KeyPerson, RepoReport, Report, RuleResult } from '../types.ts';

/** A score (or any measure) with one decimal, or an em dash when there is none. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1);
}

/**
 * Appends items one by one: `target.push(...items)` passes every item as an argument and
 * overflows the stack for the hundreds of thousands of lines an organisation's report can have.
 */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** Whether an audited repository's audit was incomplete (reports from before the field count as complete). */
export function isIncomplete(repo: RepoReport): boolean {
  return repo.status === 'ok' && repo.complete === false;
}

/** Why the audit of a repository is incomplete, the reasons joined into one line. */
export function incompleteReasons(repo: RepoReport): string {
  const reasons = Array.isArray(repo.incomplete) ? repo.incomplete : [];
  return reasons.length ? reasons.map((r) => r.replace(/\.$/, '')).join('; ') : 'the audit could not see everything it needed';
}

export interface KeyPersonRow {
  system: string;
  primary: string | null;
  secondary: string | null;
  /** Day (YYYY-MM-DD) of each one's latest change to the system, when known. */
  primaryLastCommit: string | null;
  secondaryLastCommit: string | null;
  /** Experts who have left, with the day of their latest change to the system. */
  departed: Array<{ name: string; lastCommit: string | null }>;
  documented: boolean;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** The day of an ISO 8601 date, or null for anything else a saved report may hold. */
const day = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);

function departedOf(v: unknown): KeyPersonRow['departed'] {
  if (!Array.isArray(v)) return [];
  const out: KeyPersonRow['departed'] = [];
  for (const d of v as unknown[]) {
    if (typeof d !== 'object' || d === null) continue;
    const r = d as Record<string, unknown>;
    if (typeof r.name === 'string') out.push({ name: r.name, lastCommit: day(r.lastCommit) });
  }
  return out;
}

/**
 * The bus-factor rule's key-person matrix, read defensively: a saved report may hold anything
 * under `metrics`, and a malformed row should be left out, not crash the reporter.
 */
export function keyPersonRows(rule: RuleResult | undefined): KeyPersonRow[] {
  const matrix = rule?.metrics.matrix;
  if (!Array.isArray(matrix)) return [];
  const rows: KeyPersonRow[] = [];
  for (const row of matrix as unknown[]) {
    if (typeof row !== 'object' || row === null) continue;
    const r = row as Record<string, unknown>;
    if (typeof r.system !== 'string') continue;
    rows.push({
      system: r.system,
      primary: text(r.primary),
      secondary: text(r.secondary),
      primaryLastCommit: day(r.primaryLastCommit),
      secondaryLastCommit: day(r.secondaryLastCommit),
      departed: departedOf(r.departed),
      documented: r.documented === true,
    });
  }
  return rows;
}

/** An expert and the day of their latest change to the system: "Ada Lovelace (2026-06-01)". */
export function withDay(name: string, lastCommit: string | null): string {
  return lastCommit ? `${name} (${lastCommit})` : name;
}

/** Who has left a system, each with the day of their latest change to it: "Jane Doe (2014-03-02), John Roe (2015-01-05)". */
export function leftList(departed: KeyPersonRow['departed']): string {
  return departed.map((d) => withDay(d.name, d.lastCommit)).join(', ');
}

/**
 * The key people of a report, and whether the organisation-wide section says anything: it does
 * when two or more repositories were audited with the bus-factor rule (with one, nobody can be
 * depended on by two repositories, so the section is left out rather than shown empty).
 */
export function keyPeopleOf(report: Report): { shown: boolean; people: KeyPerson[] } {
  const ran = report.repos.filter(
    (r) =>
      r.status === 'ok' &&
      r.rules.some((x) => x.id === 'bus-factor' && (x.status === 'pass' || x.status === 'warn' || x.status === 'fail')),
  ).length;
  const people = Array.isArray(report.summary.keyPeople) ? report.summary.keyPeople : [];
  return { shown: ran >= 2 || people.length > 0, people };
}

/** A key person's systems by repository: "ledger: core, lib; shop: billing". */
export function systemsByRepository(person: KeyPerson): string {
  const by = new Map<string, string[]>();
  for (const s of person.systems) by.set(s.repository, [...(by.get(s.repository) ?? []), s.system]);
  return [...by].map(([repo, systems]) => `${repo}: ${systems.join(', ')}`).join('; ');
}

/** Who the key people are, to follow "Key people:" or to start a sentence with (capitalised). */
export const KEY_PEOPLE_RULE =
  'people whom two or more repositories each depend on, as the only active expert of a system or as the one person counted by an active truck factor of 1';
export const NO_KEY_PEOPLE =
  'Nobody is the only active expert of a system, or the one person counted by an active truck factor of 1, in two or more repositories.';
