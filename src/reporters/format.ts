import type { RepoReport, RuleResult } from '../types.ts';

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
  documented: boolean;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

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
    rows.push({ system: r.system, primary: text(r.primary), secondary: text(r.secondary), documented: r.documented === true });
  }
  return rows;
}
