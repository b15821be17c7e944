import pLimit from 'p-limit';
import { RULES } from '../../rules/index.ts';
import { loadConfigFile } from '../config/load.ts';
import { UsageError } from '../errors.ts';
import type { ForgeOptions } from '../forge/registry.ts';
import { defaultCacheDir } from '../history/cache.ts';
import { historyJobs } from '../history/load.ts';
import { redactUrl } from '../sources/targets.ts';
import type { RepoMemo } from '../sources/repo-memo.ts';
import type { RepoReport, Report, Rule } from '../types.ts';
import { type RunContext, auditTarget } from './audit-target.ts';
import { loadBaseline } from './baseline.ts';
import { connectForges } from './forges.ts';
import { selectRules } from './select-rules.ts';
import { assembleReport } from './summary.ts';
import type { AuditPhase } from './phases.ts';
import { RecordRun } from '../records/run.ts';
import { type RepoKind, runRule } from './run-rule.ts';
import { listTargets, type Shard, targetListOptions } from './target-list.ts';

/**
 * What `audit()` audits and how. The options a forge reads (its server, its token) come from the
 * forge's own folder, through ForgeOptions.
 */
export interface AuditOptions extends ForgeOptions {
  /** Repository folders or URLs (default: the working folder). An empty list audits nothing. */
  targets?: string[];
  /** Folder that relative targets and files are resolved against (default: process.cwd()). */
  cwd?: string;
  /** A blueprint file that overrides every repository's own. */
  config?: string;
  /** Reference time for every age (default: now). */
  now?: Date;
  /** Revision to audit instead of HEAD. */
  ref?: string;
  /** Run only these rules (ids). */
  rules?: string[];
  /** The rule set (default: the built-in rules). Lets a program add its own rules. */
  ruleSet?: readonly Rule<any>[];
  /** Gate: a repository scoring below this (0–100) fails. Overrides blueprint.yml's fail-under. */
  failUnder?: number;
  /** A previous report (or the path of one) to compare with. */
  baseline?: Report | string;
  /** Points (0–100 scale) a score may drop below the baseline before it counts as a regression. */
  tolerance?: number;
  /** Largest file, in bytes, a rule may read (default 1 MiB). */
  maxFileBytes?: number;
  /** Keep mined history on disk between runs (default true). */
  cache?: boolean;
  /** Folder of the cache (default $XDG_CACHE_HOME/blueprint, else ~/.cache/blueprint). */
  cacheDir?: string;
  /** git processes that mine one repository's history at once (default: BLUEPRINT_HISTORY_JOBS, else the machine's cores). */
  historyJobs?: number;
  /** Repositories audited at once (default 8). */
  concurrency?: number;
  /** Milliseconds a clone or fetch of a remote target may take (default 10 minutes). */
  cloneTimeoutMs?: number;
  /** Audit every repository of this organisation (or user) on its forge, besides any targets. */
  org?: string;
  /** Which repositories of `org`: name globs to include and exclude, topics, archived, forks. */
  include?: string[];
  exclude?: string[];
  topics?: string[];
  includeArchived?: boolean;
  includeForks?: boolean;
  /** Audit only one deterministic slice of the targets (after the organisation is listed). */
  shard?: Shard;
  /** Things the user should know that are not errors (no token, rate-limit waits). */
  onWarning?: (message: string) => void;
  onProgress?: (event: ProgressEvent) => void;
  /** Rules that need the forge are skipped with this reason: its data describes today, not `now` (trend's past points). */
  forgeUndated?: string;
  /**
   * The time the forge's data describes (default: `now`). With `now` before it (an audit of a past
   * date), rules see the forge's data as it could be known at `now`: entries dated after it left
   * out, and what has no date (branch protection, collaborators, teams) unknown (src/forge/dated.ts).
   */
  forgeAsOf?: Date;
  /**
   * Answers git gave earlier opens of the same repositories (refs, default branch, a clone's fetch),
   * for a caller that audits one repository many times while it does not change (trend's points).
   */
  repoMemo?: RepoMemo;
  /** The paths each rule read (or asked about), once per rule and target, for attributing a change to the commits that touched them. */
  onRuleReads?: (event: RuleReads) => void;
}

export interface RuleReads {
  target: string;
  rule: string;
  /** Paths passed to readFile, readText, has and lastChanged, sorted. */
  paths: string[];
  /** Whether the rule read the mined history (authors, commit graph) or the refs (branches, tags). */
  history: boolean;
  refs: boolean;
}

export type ProgressEvent =
  | { type: 'start'; target: string; index: number; total: number }
  | { type: 'phase'; target: string; index: number; total: number; phase: AuditPhase }
  | { type: 'done'; target: string; index: number; total: number; repo: RepoReport };

/** Audits each target against its blueprint and returns the report. Never throws for one bad target. */
export async function audit(options: AuditOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('invalid reference time', 'pass an ISO date such as 2026-11-24T12:00:00Z');
  if (options.forgeAsOf && Number.isNaN(options.forgeAsOf.getTime()))
    throw new UsageError('invalid forge data time', 'pass an ISO date such as 2026-11-24T12:00:00Z');
  const given = options.targets ?? (options.org ? [] : ['.']);
  const ruleSet = options.ruleSet ?? RULES;
  const selected = selectRules(ruleSet, options.rules);
  const explicitConfig = options.config ? await loadConfigFile(options.config, cwd, ruleSet) : null;
  const baseline = typeof options.baseline === 'string' ? await loadBaseline(options.baseline) : (options.baseline ?? null);
  const cacheDir = options.cache === false ? null : (options.cacheDir ?? defaultCacheDir());

  // An audit of a past date sees the forge's data cut back to it: the data must reach back that far.
  const past = options.forgeAsOf && now.getTime() < options.forgeAsOf.getTime() ? now : undefined;
  const forges = await connectForges(given, options, { cacheDir, onWarning: options.onWarning, readBackTo: past });
  const targets = await listTargets(given, targetListOptions(options), forges);
  forges.prepare(targets);
  const records = new RecordRun({ cacheDir, maxFileBytes: options.maxFileBytes, cloneTimeoutMs: options.cloneTimeoutMs, forges });
  const ctx: RunContext = {
    cwd,
    now,
    explicitConfig,
    ruleSet,
    selected,
    failUnder: options.failUnder,
    baseline,
    tolerance: options.tolerance ?? 0,
    targets: targets.length,
    cacheDir,
    ref: options.ref,
    maxFileBytes: options.maxFileBytes,
    // Repositories audited side by side share the cores, rather than each starting one git per core.
    historyJobs: historyJobs(options.historyJobs, process.env, Math.min(options.concurrency ?? 8, targets.length)),
    cloneTimeoutMs: options.cloneTimeoutMs,
    forgeUndated: options.forgeUndated,
    forgeAsOf: options.forgeAsOf,
    repoMemo: options.repoMemo,
    forges,
    records,
    onRuleReads: options.onRuleReads,
  };
  const unknownKind: RepoKind = { kind: null, source: 'detected', evidence: [] };
  try {
    if (options.org)
      await records.openOrganisation(options.org, {
        rules: ruleSet,
        selected,
        explicitConfig,
        run: (rule, view, config, attach) => runRule(rule, view, {}, config, now, unknownKind, attach),
      });
    return await auditAll(targets, ctx, options);
  } finally {
    await records.close();
  }
}

async function auditAll(targets: readonly string[], ctx: RunContext, options: AuditOptions): Promise<Report> {
  const { now, forges } = ctx;
  const limit = pLimit(options.concurrency ?? 8);
  const total = targets.length;
  const repos = await Promise.all(
    targets.map((target, index) =>
      limit(async () => {
        // Reports and progress name a target without any credentials its URL carries.
        const shown = redactUrl(target);
        options.onProgress?.({ type: 'start', target: shown, index, total });
        const onPhase =
          options.onProgress && ((phase: AuditPhase) => options.onProgress!({ type: 'phase', target: shown, index, total, phase }));
        const repo = await auditTarget(forges.read(target), shown, ctx, onPhase);
        options.onProgress?.({ type: 'done', target: shown, index, total, repo });
        return repo;
      }),
    ),
  );
  const organisation = ctx.records.organisationReport();
  return organisation ? { ...assembleReport(repos, now), organisation } : assembleReport(repos, now);
}
