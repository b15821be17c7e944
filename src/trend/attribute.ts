import { git, type GitOptions } from '../git/run.ts';
import type { GitRef, MinedHistory, Rule, RuleResult } from '../types.ts';
import { round } from '../util/time.ts';
import { commitsBetween, type IntervalCommit, type PathChange } from './timeline.ts';
import type { AttributedCommit, TrendChange, TrendPoint } from './types.ts';
import type { PointReads } from './trend.ts';

/** Commits listed per change; the rest are counted. */
const MAX_COMMITS = 10;
const MAX_PATHS_NAMED = 3;

interface AttributionInput {
  root: string;
  git: GitOptions;
  points: readonly TrendPoint[];
  reads: readonly PointReads[];
  /** Every ref of the repository today, with its date. */
  refs: readonly GitRef[];
  branch: string;
  ruleSet: readonly Rule<any>[];
  threshold: number;
  /** The newest point's mined history, when the one history pass kept it: authors' commit times come from it, not from another git log. */
  history?: MinedHistory | null;
  /** The commits between two points, as the trend lists them (it starts each as soon as it can: see trendTarget). */
  intervals?: (from: string, to: string) => Promise<IntervalCommit[]>;
}

/** The rules whose score moved by at least `threshold` from one point to the next, by id. */
export function movedRules(before: TrendPoint, after: TrendPoint, threshold: number): Array<[string, TrendPoint['rules'][string]]> {
  return Object.entries(after.rules).filter(([id, r]) => {
    const old = before.rules[id]?.score;
    return r.score !== null && old !== null && old !== undefined && Math.abs(r.score - old) >= threshold && r.score !== old;
  });
}

const short = (sha: string) => sha.slice(0, 7);

function describeChanges(changes: readonly PathChange[]): string {
  const named = changes.slice(0, MAX_PATHS_NAMED).map((c) => `${c.path} ${c.status}`);
  const more = changes.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more ${more === 1 ? 'path' : 'paths'}` : named.join(', ');
}

function attributed(commit: IntervalCommit, explanation: string): AttributedCommit {
  return {
    sha: commit.sha,
    date: new Date(commit.authorTime * 1000).toISOString(),
    author: commit.author,
    subject: commit.subject,
    explanation,
  };
}

const isBranch = (r: GitRef) => !r.symref && /^refs\/(heads|remotes)\//.test(r.name) && !r.name.endsWith('/HEAD');
const branchName = (r: GitRef) => r.name.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\//, '');

const otherBranches = (refs: readonly GitRef[], branch: string) =>
  refs.filter(isBranch).filter((r) => {
    const name = branchName(r);
    return name !== branch && !name.endsWith(`/${branch}`);
  });

/**
 * Branches whose tips are dated between the two points and that the later point does not hold:
 * evidence at the later point only (opened in between, or moved since: git cannot tell which).
 */
function branchesOpened(refs: readonly GitRef[], branch: string, from: Date, to: Date, between: ReadonlySet<string>): string[] {
  const names = otherBranches(refs, branch)
    .filter((r) => r.date && r.date > from && r.date <= to && !between.has(r.commit))
    .map(branchName);
  return [...new Set(names)].sort();
}

/** Branches whose tips the later point's commit holds and the earlier one did not: merged in between. */
function branchesMerged(refs: readonly GitRef[], branch: string, between: ReadonlySet<string>): string[] {
  const names = otherBranches(refs, branch)
    .filter((r) => between.has(r.commit))
    .map(branchName);
  return [...new Set(names)].sort();
}

/** How far back before a point an author counts as having been active there. */
const QUIET_HORIZON_SECONDS = 365 * 86_400;

function listNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** Numeric metrics that differ between the two results, as "name a → b". */
function metricMoves(before: RuleResult | undefined, after: RuleResult | undefined): string[] {
  if (!before || !after) return [];
  const moves: string[] = [];
  for (const [key, value] of Object.entries(after.metrics)) {
    const old = before.metrics[key];
    if (typeof value === 'number' && typeof old === 'number' && value !== old) moves.push(`${key} ${round(old, 2)} → ${round(value, 2)}`);
  }
  return moves;
}

/** Each author's commit times (author dates, seconds) in a mined history, by mailmapped name (git's %aN). */
function authorTimesOf(history: MinedHistory): Map<string, number[]> {
  const times = new Map<string, number[]>();
  const { graph, identities } = history;
  for (let i = 0; i < graph.shas.length; i++) {
    const name = identities[graph.identity[i]!]?.name ?? '';
    if (!name) continue;
    const list = times.get(name);
    if (list) list.push(graph.authorTime[i]!);
    else times.set(name, [graph.authorTime[i]!]);
  }
  return times;
}

/** Each author's commit times (author dates, seconds) in the history of `tip`. */
async function authorTimes(root: string, tip: string, options: GitOptions): Promise<Map<string, number[]>> {
  const out = await git(root, ['log', '--format=%aN%x1f%at', tip, '--'], options);
  const times = new Map<string, number[]>();
  for (const line of out.split('\n')) {
    const [name = '', at = ''] = line.split('\x1f');
    if (!name || !at) continue;
    const list = times.get(name);
    if (list) list.push(Number(at));
    else times.set(name, [Number(at)]);
  }
  return times;
}

/** People with commits in the interval, most commits first. */
function authorsOf(commits: readonly IntervalCommit[]): string[] {
  const counts = new Map<string, number>();
  for (const c of commits) counts.set(c.author, (counts.get(c.author) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name, n]) => `${name} (${n})`);
}

/**
 * Each move of a rule's score beyond the threshold between consecutive points, with the commits
 * in between that touched what the rule read at either point, newest first; for a rule judged
 * from history and refs, the branches and authors of the interval as well.
 */
export async function attributeChanges(input: AttributionInput): Promise<TrendChange[]> {
  const { points, reads, ruleSet, threshold } = input;
  const metaById = new Map(ruleSet.map((r) => [r.meta.id, r.meta]));
  const changes: TrendChange[] = [];
  // Every author's commit times on the sampled line's history, read once and only when a history rule moved.
  let lastSeen: Promise<Map<string, number[]>> | null = null;
  /**
   * Who stopped: authors who committed in the year before the earlier point (no activity window of
   * the blueprint is longer) and not in between. Everyone who ever committed before it would name
   * hundreds on a long history.
   */
  const quietAuthors = async (from: Date, interval: readonly IntervalCommit[]): Promise<string[]> => {
    lastSeen ??= input.history ? Promise.resolve(authorTimesOf(input.history)) : authorTimes(input.root, points.at(-1)!.commit!, input.git);
    const active = new Set(interval.map((c) => c.author));
    const seconds = from.getTime() / 1000;
    const since = seconds - QUIET_HORIZON_SECONDS;
    const quiet: Array<[string, number]> = [];
    for (const [name, times] of await lastSeen) {
      if (active.has(name)) continue;
      const last = times.filter((t) => t <= seconds).reduce((a, b) => Math.max(a, b), -Infinity);
      if (last > -Infinity && last > since) quiet.push([name, last]);
    }
    return quiet
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([name, last]) => `${name} (last commit ${new Date(last * 1000).toISOString().slice(0, 10)})`);
  };
  for (let i = 1; i < points.length; i++) {
    const before = points[i - 1]!;
    const after = points[i]!;
    if (!before.commit || !after.commit) continue;
    const moved = movedRules(before, after, threshold);
    if (!moved.length) continue;
    const interval =
      before.commit === after.commit
        ? []
        : await (input.intervals ?? ((from, to) => commitsBetween(input.root, from, to, input.git)))(before.commit, after.commit);
    const shas = new Set(interval.map((c) => c.sha));
    const from = new Date(before.date);
    const to = new Date(after.date);
    for (const [id, rule] of moved.sort(([a], [b]) => (a < b ? -1 : 1))) {
      const meta = metaById.get(id);
      const oldScore = before.rules[id]!.score!;
      const read = [reads[i - 1]!.byRule.get(id), reads[i]!.byRule.get(id)];
      const evidence = new Set(read.flatMap((r) => r?.paths ?? []));
      const fromHistory = read.some((r) => r?.history);
      const fromRefs = read.some((r) => r?.refs);
      const touching: AttributedCommit[] = [];
      let structural: AttributedCommit | null = null;
      for (const c of interval) {
        const hit = c.changes.filter((ch) => evidence.has(ch.path));
        if (!hit.length) continue;
        const entry = attributed(c, `${describeChanges(hit)} in ${short(c.sha)}`);
        touching.push(entry);
        if (!structural && hit.some((ch) => ch.status !== 'changed')) structural = entry;
      }
      // A file added or deleted explains a move when it is one of few: among the thousands of
      // files an authorship rule reads, a new source file is only part of the churn.
      const presence = new Set(
        interval.flatMap((c) => c.changes.filter((ch) => ch.status !== 'changed' && evidence.has(ch.path)).map((ch) => ch.path)),
      );
      if (presence.size > MAX_PATHS_NAMED) structural = null;
      const others = touching.length - 1;
      const moreTouching = others > 0 ? ` (and ${others} more ${others === 1 ? 'commit' : 'commits'})` : '';
      const lines: string[] = [];
      // An added or deleted file says most; then an edit, unless the rule reads history, where
      // who committed says more than which files they edited.
      if (structural) lines.push(structural.explanation + moreTouching);
      else if (touching.length && !fromHistory) lines.push(touching[0]!.explanation + moreTouching);
      if (fromRefs) {
        const opened = branchesOpened(input.refs, input.branch, from, to, shas);
        const merged = branchesMerged(input.refs, input.branch, shas);
        if (opened.length)
          lines.push(
            `${opened.length} ${opened.length === 1 ? 'branch' : 'branches'} came into view (${opened.length === 1 ? 'its tip is' : 'tips'} dated in between): ${listNames(opened)}`,
          );
        if (merged.length) lines.push(`${merged.length} ${merged.length === 1 ? 'branch' : 'branches'} merged: ${listNames(merged)}`);
      }
      const moves = metricMoves(
        before.report?.rules.find((r) => r.id === id),
        after.report?.rules.find((r) => r.id === id),
      );
      if (moves.length) lines.push(moves.slice(0, 3).join(', '));
      if (presence.size > MAX_PATHS_NAMED) lines.push(`${presence.size} of the paths it read were added or deleted in between`);
      if (fromHistory && !structural) {
        // Who stopped committing explains a drop of a rule about people; a rule that reads branches
        // and tags (branch-lifetime, delivery) drops with their ages and releases instead.
        const quiet = rule.score! < oldScore && !fromRefs ? await quietAuthors(from, interval) : [];
        if (quiet.length) lines.push(`no commit in between by ${listNames(quiet)}`);
        lines.push(
          interval.length
            ? `${interval.length} ${interval.length === 1 ? 'commit' : 'commits'} in between, by ${listNames(authorsOf(interval))}`
            : 'no commit in between: the same history, seen later (ages and activity windows moved)',
        );
      } else if (!touching.length && evidence.size) {
        lines.push(`no commit in between changed ${evidence.size === 1 ? [...evidence][0] : `any of the ${evidence.size} paths it read`}`);
      }
      if (!lines.length) lines.push('no commit in between touched what the rule read');
      const list = touching.length || !fromHistory ? touching : interval.map((c) => attributed(c, `"${c.subject}" in ${short(c.sha)}`));
      changes.push({
        rule: id,
        pillar: meta?.pillar ?? after.report?.rules.find((r) => r.id === id)?.pillar ?? 'speed',
        direction: rule.score! > oldScore ? 'rise' : 'drop',
        from: { date: before.date, commit: before.commit, score: oldScore },
        to: { date: after.date, commit: after.commit, score: rule.score! },
        delta: round(rule.score! - oldScore, 2),
        explanation: lines.join('; '),
        commits: list.slice(0, MAX_COMMITS),
        moreCommits: Math.max(0, list.length - MAX_COMMITS),
      });
    }
  }
  return changes;
}
