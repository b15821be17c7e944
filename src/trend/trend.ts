import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RULES } from '../../rules/index.ts';
import { audit, type AuditOptions, type RuleReads } from '../engine/audit.ts';
import { BlueprintError, ConfigError, UsageError } from '../errors.ts';
import { TOOL_NAME, VERSION } from '../package-info.ts';
import { openLocalRepo } from '../sources/local.ts';
import { redactSecrets, redactUrl } from '../sources/targets.ts';
import { connectForges, type ForgeRun } from '../engine/forges.ts';
import { openTarget } from '../engine/open-target.ts';
import { listTargets, targetListOptions } from '../engine/target-list.ts';
import type { ForgeOptions } from '../forge/registry.ts';
import type { OpenedRepo } from '../sources/repo.ts';
import { commitTimeKey, firstParentAtKey, RepoMemo, resolvedCommitKey } from '../sources/repo-memo.ts';
import { knownAncestor } from '../history/ancestry.ts';
import { PILLARS, type GitRef, type Pillar, type RepoReport, type Rule } from '../types.ts';
import { defaultCacheDir } from '../history/cache.ts';
import { countIntervalListedAhead } from '../history/cache-work.ts';
import { attributeChanges, movedRules } from './attribute.ts';
import { organisationTrend } from './organisation.ts';
import { sampleDates } from './dates.ts';
import { sliceForShard } from './shard.ts';
import { commitAt, commitsBetween, firstParentLine, type IntervalCommit } from './timeline.ts';
import type { TrendPoint, TrendRepo, TrendReport } from './types.ts';

export interface TrendOptions
  extends ForgeOptions,
    Pick<
      AuditOptions,
      | 'cwd'
      | 'config'
      | 'rules'
      | 'ruleSet'
      | 'maxFileBytes'
      | 'cache'
      | 'cacheDir'
      | 'onWarning'
      | 'cloneTimeoutMs'
      | 'org'
      | 'include'
      | 'exclude'
      | 'topics'
      | 'includeArchived'
      | 'includeForks'
      | 'shard'
    > {
  /** Repository folders, git URLs or forge repositories (default: the working folder, or none with `org`). */
  targets?: string[];
  /** The oldest sample date: a date, or a duration before `until` (`1y`, `6m`, `90d`). */
  since: Date | string;
  /** The step between sample dates: `30d`, `2w`, `6m`, or `day`, `week`, `month`, `quarter`, `year`. */
  every: string;
  /** The newest sample date (default: now). */
  until?: Date | string;
  /** Smallest move of a rule's score (0–10) between consecutive points that is attributed (default 1). */
  threshold?: number;
  /** Reference time for a relative `since` and a missing `until` (default: the clock). */
  now?: Date;
  onPoint?: (event: { target: string; index: number; total: number; date: Date }) => void;
}

export const DEFAULT_THRESHOLD = 1;

/** What one sampled point's audit left for attribution: the paths each rule read. */
export interface PointReads {
  byRule: Map<string, Omit<RuleReads, 'target' | 'rule'>>;
}

function pointOf(date: Date, report: RepoReport | null, commit: string | null, notes: string[]): TrendPoint {
  const pillars = Object.fromEntries(PILLARS.map((p) => [p, report?.pillars[p].score ?? null])) as Record<Pillar, number | null>;
  return {
    date: date.toISOString(),
    commit,
    committedAt: report?.committedAt ?? null,
    overall: report?.score ?? null,
    pillars,
    rules: Object.fromEntries((report?.rules ?? []).map((r) => [r.id, { status: r.status, score: r.score }])),
    complete: report?.complete ?? false,
    notes,
    ...(report ? { report } : {}),
  };
}

/** The default branch's tip, from the branch itself or its remote-tracking copy. */
function tipOf(refs: readonly GitRef[], branch: string): GitRef | null {
  return (
    refs.find((r) => r.name === `refs/heads/${branch}`) ??
    refs.find((r) => r.name === `refs/remotes/origin/${branch}`) ??
    refs.find((r) => !r.symref && r.name.startsWith('refs/remotes/') && r.name.endsWith(`/${branch}`)) ??
    null
  );
}

/** What every target of one trend shares: the forges, and where remote clones are kept. */
interface TrendRun {
  forges: ForgeRun;
  /** The cache folder of remote targets' clones (a temporary one when the cache is off). */
  remoteCacheDir: () => Promise<string>;
  now: Date;
  onWarning: ((message: string) => void) | undefined;
}

/** The audit options a forge reads (its server, its token), as the trend was given them. */
function forgeOptionsOf(options: TrendOptions): ForgeOptions {
  const { github, githubUrl, token, retry } = options;
  return {
    ...(github !== undefined && { github }),
    ...(githubUrl !== undefined && { githubUrl }),
    ...(token !== undefined && { token }),
    ...(retry !== undefined && { retry }),
  };
}

/** The note of a past point of a forge's repository: what of the forge's data stands for the date. */
export function pastForgeNote(date: Date): string {
  return `forge data as it could be known at ${date.toISOString().slice(0, 10)}: pull requests, releases, deployments and issues that existed then; rules that need what has no past (branch protection, collaborators, teams) are skipped`;
}

async function trendTarget(
  target: string,
  dates: readonly Date[],
  options: TrendOptions,
  ruleSet: readonly Rule<any>[],
  threshold: number,
  run: TrendRun,
): Promise<TrendRepo> {
  const cwd = options.cwd ?? process.cwd();
  const shown = redactUrl(target);
  const failed = (error: string): TrendRepo => ({ target: shown, status: 'error', error, defaultBranch: null, points: [], changes: [] });
  const read = run.forges.read(target);
  const remote = read.kind !== 'local';
  const cacheDir = remote ? await run.remoteCacheDir() : undefined;
  // The repository is opened once for the trend and again by each point's audit: what git says
  // about it that no point changes (refs, default branch, the clone's fetch) is asked once.
  const repoMemo = new RepoMemo();
  let repo: OpenedRepo;
  try {
    // A remote target is cloned (or fetched) once into the cache, with its whole commit history
    // (blobless: contents come as the points' rules read them); each point's audit reuses that clone.
    repo = remote
      ? await openTarget(read, { cwd, cacheDir: cacheDir!, forges: run.forges, cloneTimeoutMs: options.cloneTimeoutMs, repoMemo })
      : await openLocalRepo(resolve(cwd, target), { cacheDir: null, memo: repoMemo });
  } catch (error) {
    if (error instanceof BlueprintError) {
      const message = error.hint ? `${error.message} (${error.hint})` : error.message;
      return failed(redactSecrets(message, ...run.forges.secrets));
    }
    throw error;
  }
  try {
    const git = { safeDirectory: remote || resolve(cwd, target) === repo.root ? repo.root : undefined };
    const [refs, branch] = await Promise.all([repo.view.refs(), repo.view.defaultBranch()]);
    const tip = branch ? tipOf(refs, branch) : null;
    if (!branch || !tip) return failed('no default branch found: trend samples the default branch, so the repository needs one');
    // Dates come oldest first: the line is read back to the first one.
    const line = await firstParentLine(repo.root, tip.commit, git, dates[0]);
    const commits = dates.map((date) => commitAt(line, date));
    // Each point's view of the refs puts the default branch at its commit then: trend knows it,
    // and each point's commit time, that it is a commit, and that the points before are its ancestors.
    let before: string | null = null;
    for (const [index, date] of dates.entries()) {
      const at = commits[index];
      repoMemo.set(firstParentAtKey(tip.commit, Math.floor(date.getTime() / 1000)), at?.sha ?? '');
      if (!at) continue;
      repoMemo.set(commitTimeKey(at.sha), `${at.commitTime}\n`);
      repoMemo.set(resolvedCommitKey(at.sha), { code: 0, stdout: `${at.sha}\n`, stderr: '' });
      if (before && before !== at.sha) knownAncestor(repo.gitDir, before, at.sha);
      before = at.sha;
    }
    // Points are audited oldest first, so each one's history extends the one before it in the
    // history cache: the whole line is mined about once (src/history/load.ts), not once per point.
    // Only the oldest and the newest are written: the next trend extends the middle ones again.
    const audited = commits.filter((c) => c !== null).map((c) => c.sha);
    if (audited.length) repoMemo.writeHistoriesOf([audited[0]!, audited.at(-1)!]);
    repoMemo.auditInOrder([...new Set(audited)]);
    const points: TrendPoint[] = [];
    const reads: PointReads[] = [];
    // The commits between two points are listed as soon as the later point is judged and a rule
    // moved, while the next point is; the last interval, which nothing comes after to overlap,
    // as its later point starts (wasted only when no rule moves there). Attribution then waits
    // for none of them.
    const listed = new Map<string, Promise<IntervalCommit[]>>();
    const intervals = (from: string, to: string) => {
      const key = `${from}..${to}`;
      let found = listed.get(key);
      if (!found) {
        found = commitsBetween(repo.root, from, to, git);
        listed.set(key, found);
      }
      return found;
    };
    const listAhead = (from: string, to: string) => {
      if (listed.has(`${from}..${to}`)) return;
      countIntervalListedAhead();
      // Awaited by the attribution, which reports a failure; until then it must not go unhandled.
      intervals(from, to).catch(() => undefined);
    };
    const lastPoint = commits.findLastIndex((c) => c !== null);
    let earlier: string | null = null;
    for (const [index, date] of dates.entries()) {
      options.onPoint?.({ target: shown, index, total: dates.length, date });
      const at = commits[index]!;
      if (!at) {
        points.push(pointOf(date, null, null, [`no commit on ${branch} at or before ${date.toISOString()}`]));
        reads.push({ byRule: new Map() });
        continue;
      }
      if (index === lastPoint && earlier && earlier !== at.sha) listAhead(earlier, at.sha);
      // The forge's data is today's (the run's clock): a past point sees it cut back to what existed then.
      const past = read.kind === 'forge' && date.getTime() < run.now.getTime();
      const byRule: PointReads['byRule'] = new Map();
      let report: Awaited<ReturnType<typeof audit>>;
      try {
        report = await audit({
          ...forgeOptionsOf(options),
          targets: [target],
          cwd,
          config: options.config,
          rules: options.rules,
          ruleSet,
          maxFileBytes: options.maxFileBytes,
          ...(remote ? { cache: true, cacheDir } : { cache: options.cache, cacheDir: options.cacheDir }),
          cloneTimeoutMs: options.cloneTimeoutMs,
          onWarning: run.onWarning,
          ref: at.sha,
          now: date,
          forgeAsOf: run.now,
          repoMemo,
          onRuleReads: ({ rule, paths, history, refs }) => byRule.set(rule, { paths, history, refs }),
        });
      } catch (error) {
        // A blueprint.yml broken at that commit (and since fixed) spoils that point, not the trend.
        if (!(error instanceof ConfigError)) throw error;
        points.push(pointOf(date, null, at.sha, [`not audited: ${error.located}${error.hint ? ` (${error.hint})` : ''}`]));
        reads.push({ byRule: new Map() });
        continue;
      }
      const repoReport = report.repos[0]!;
      if (repoReport.status === 'error') {
        points.push(pointOf(date, null, at.sha, [`not audited: ${repoReport.error}`]));
        reads.push({ byRule: new Map() });
        continue;
      }
      points.push(pointOf(date, repoReport, at.sha, past ? [pastForgeNote(date)] : []));
      reads.push({ byRule });
      const [before, after] = points.slice(-2);
      if (before?.commit && after?.commit && before.commit !== after.commit && movedRules(before, after, threshold).length)
        listAhead(before.commit, after.commit);
      earlier = at.sha;
    }
    // Who committed when comes from the newest point's history, when this run loaded it, instead of another walk.
    const newest = repoMemo.latest?.history;
    const history = newest && newest.commit === points.at(-1)?.commit ? newest : undefined;
    const changes = await attributeChanges({ root: repo.root, git, points, reads, refs, branch, ruleSet, threshold, history, intervals });
    return { target: shown, status: 'ok', error: null, defaultBranch: branch, points, changes };
  } finally {
    repo.close();
  }
}

/**
 * Audits each target as it stood at a series of dates: at each, the default branch's last
 * first-parent commit at or before the date, with the date as the reference time, exactly as
 * `audit({ ref: commit, now: date })` does; then attributes each rule's moves to the commits between.
 */
export async function trend(options: TrendOptions): Promise<TrendReport> {
  const now = options.now ?? new Date();
  const dates = sampleDates(options.since, options.every, options.until, now);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 10) {
    throw new UsageError(`threshold ${threshold} is out of range`, 'pass a number of points between 0 and 10 (a rule scores 0–10)');
  }
  const ruleSet = options.ruleSet ?? RULES;
  const given = options.targets ?? (options.org ? [] : ['.']);
  const cacheDir = options.cache === false ? null : (options.cacheDir ?? defaultCacheDir());
  // Every point's audit connects to the forge again: say each warning (no token, say) once.
  const warned = new Set<string>();
  const onWarning = options.onWarning && ((message: string) => !warned.has(message) && (warned.add(message), options.onWarning!(message)));
  // The trend's opening reads the forge's data back to its first point, as that point's audit
  // needs it, and keeps it for every point. Without a cache it could not keep it: the first
  // point's audit reads it then (into the points' temporary cache), and the opening does not.
  const readBackTo = cacheDir && dates[0]!.getTime() < now.getTime() ? dates[0] : undefined;
  const forges = await connectForges(given, { ...forgeOptionsOf(options), org: options.org }, { cacheDir, onWarning, readBackTo });
  // The whole list, then the shard's slice of it: the shard's JSON says where its repositories stand in the whole.
  const all = await listTargets(given, { ...targetListOptions(options), shard: undefined }, forges);
  const sliced = options.shard
    ? await sliceForShard(all, options.shard, { config: options.config, rules: options.rules, cwd: options.cwd ?? process.cwd() })
    : null;
  const targets = sliced?.targets ?? all;
  // The forge's data for every repository at once, as an audit reads it (GitHub: 20 repositories a query).
  forges.prepare(targets);
  let temporary: Promise<string> | null = null;
  const remoteCacheDir = () => (cacheDir ? Promise.resolve(cacheDir) : (temporary ??= mkdtemp(join(tmpdir(), 'blueprint-trend-'))));
  const run: TrendRun = { forges, remoteCacheDir, now, onWarning };
  const repos: TrendRepo[] = [];
  try {
    for (const target of targets) repos.push(await trendTarget(target, dates, options, ruleSet, threshold, run));
  } finally {
    if (temporary) await rm(await temporary, { recursive: true, force: true });
  }
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: now.toISOString(),
    since: dates[0]!.toISOString(),
    until: dates.at(-1)!.toISOString(),
    every: options.every,
    threshold,
    repos,
    ...((options.org || targets.length > 1) && { organisation: organisationTrend(options.org ?? null, dates, repos) }),
    ...(sliced && { shard: sliced.record }),
  };
}
