import { nameFromTarget } from '../engine/repo-name.ts';
import { PASS_SCORE } from '../engine/score.ts';
import type { Finding, KeyPerson, RepoReport, Report, RuleResult } from '../types.ts';

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
export function systemsByRepository(person: KeyPerson, nameOf: (target: string) => string = (t) => t): string {
  const by = new Map<string, string[]>();
  for (const s of person.systems) by.set(s.repository, [...(by.get(s.repository) ?? []), s.system]);
  return [...by].map(([repo, systems]) => `${nameOf(repo)}: ${systems.join(', ')}`).join('; ');
}

/** Who the key people are, to follow "Key people:" or to start a sentence with (capitalised). */
export const KEY_PEOPLE_RULE =
  'people whom two or more repositories each depend on, as the only active expert of a system or as the one person counted by an active truck factor of 1';
export const NO_KEY_PEOPLE =
  'Nobody is the only active expert of a system, or the one person counted by an active truck factor of 1, in two or more repositories.';

/** How a repository is named to people: `owner/name` or its folder, never "." or an absolute path. */
export function nameOf(repo: Pick<RepoReport, 'target' | 'name' | 'path' | 'status'>): string {
  // A target that could not be audited is shown as given: it is what the user typed, and what failed.
  if (repo.status === 'error' && repo.target.trim() !== '.') return repo.target;
  return repo.name || nameFromTarget(repo.target, repo.path);
}

/**
 * Each target's name for people. Two repositories of the same name (two clones called `api`)
 * are told apart by their targets.
 */
export function namesOf(report: Report): (target: string) => string {
  const names = new Map(report.repos.map((r) => [r.target, nameOf(r)] as const));
  const count = new Map<string, number>();
  for (const name of names.values()) count.set(name, (count.get(name) ?? 0) + 1);
  return (target) => {
    const name = names.get(target) ?? nameFromTarget(target);
    return (count.get(name) ?? 0) > 1 ? `${name} (${target})` : name;
  };
}

/** The first `shown` items, and how many more there are: lists are folded in every format for people (JSON has them all). */
export function fold<T>(items: readonly T[], shown: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, shown), more: Math.max(0, items.length - shown) };
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Findings worst first (errors, warnings, notes), each severity in the rule's own order. */
export function worstFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** How many findings of one rule each format for people shows before "and N more". */
export const FINDINGS_SHOWN = 5;

/**
 * A rule's score out of 10 with one decimal, or more where one would carry it across the pass
 * mark: 6.95 fails and reads "6.95", not "7.0" beside a passing 7.0.
 */
export function ruleScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  const below = score < PASS_SCORE;
  for (let digits = 1; digits <= 3; digits++) {
    const shown = score.toFixed(digits);
    if (Number(shown) < PASS_SCORE === below) return shown;
  }
  return (Math.floor(score * 1000) / 1000).toFixed(3);
}

/**
 * What decides a rule's status when its score alone would not tell: a score shown with more
 * decimals is set against the pass mark, and a failing score at or above it fails on an error
 * finding. Null when the score says it.
 */
export function whatDecides(rule: Pick<RuleResult, 'score' | 'status' | 'findings'>): string | null {
  if (rule.score === null || rule.status === 'skip' || rule.status === 'error') return null;
  if (rule.status !== 'pass' && rule.score >= PASS_SCORE && rule.findings.some((f) => f.severity === 'error'))
    return 'an error finding keeps it from passing';
  if (rule.status !== 'pass' && ruleScore(rule.score).length > rule.score.toFixed(1).length) return `below the pass mark ${PASS_SCORE}`;
  return null;
}

/** A change since the baseline on the scale its score is shown on: rules out of 10 (the report keeps 0–100). */
export function ruleDelta(delta100: number | null | undefined): number | null {
  return delta100 === null || delta100 === undefined ? null : Math.round(delta100) / 10;
}

/** A signed change with one decimal: "+1.5", "-7.0". */
export function signed(delta: number): string {
  return `${delta > 0 ? '+' : ''}${delta.toFixed(1)}`;
}

/** "1 more repository", "3 more repositories". */
export function moreRepositories(count: number): string {
  return `${count} more ${count === 1 ? 'repository' : 'repositories'}`;
}

/** "1 repository", "3 repositories". */
export function repositories(count: number): string {
  return `${count} ${count === 1 ? 'repository' : 'repositories'}`;
}

/**
 * The summary's first line, in words for every case: "3 repositories audited", "3 of 4
 * repositories audited (1 incompletely); 1 could not be audited", "None of 2 repositories could be
 * audited".
 */
export function auditedLine(summary: Report['summary']): string {
  const { repos, audited, errors } = summary;
  const incomplete = summary.incomplete ?? 0;
  if (audited === 0)
    return repos === 0
      ? 'No repository to audit'
      : repos === 1
        ? 'The repository could not be audited'
        : `None of ${repos} repositories could be audited`;
  const head = audited === repos ? `${repositories(repos)} audited` : `${audited} of ${repositories(repos)} audited`;
  const partial = incomplete
    ? ` (${incomplete === audited ? (audited === 1 ? 'incompletely' : 'all incompletely') : `${incomplete} incompletely`})`
    : '';
  const failed = errors ? `; ${errors} could not be audited` : '';
  return `${head}${partial}${failed}`;
}

/** A regression on the scale its score is shown on: a rule out of 10, the overall score out of 100. */
export function regression(r: { rule: string | null; baseline: number; current: number; delta: number }): string {
  if (r.rule === null) return `overall score ${r.baseline.toFixed(1)} → ${r.current.toFixed(1)} / 100 (${signed(r.delta)})`;
  return `${r.rule} ${ruleScore(r.baseline / 10)} → ${ruleScore(r.current / 10)} / 10 (${signed(ruleDelta(r.delta)!)})`;
}

/**
 * Why a repository's gate failed, for people: the gate's own reasons, with each regression told
 * on the scale its score is shown on (the report's reasons give rules on the 0–100 scale).
 */
export function gateReasons(repo: RepoReport, options: { countRegressions?: boolean } = {}): string[] {
  const regressions = repo.baseline?.regressions ?? [];
  const isRegression = (f: string) => regressions.some((r) => f.startsWith(`${r.rule ?? 'overall score'} regressed from `));
  const own = repo.gate.failures.filter((f) => !isRegression(f));
  if (!regressions.length) return own;
  if (options.countRegressions)
    return [...own, `${regressions.length} ${regressions.length === 1 ? 'regression' : 'regressions'} against the baseline`];
  return [...own, ...regressions.map((r) => `regressed: ${regression(r)}`)];
}
