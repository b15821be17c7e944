import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import pLimit from 'p-limit';
import { RULES } from '../../rules/index.ts';
import { BUILTIN_SOURCE, discoverConfig, loadConfigFile, recommendedConfig, type BlueprintConfig } from '../config/load.ts';
import { BlueprintError, ConfigError, UsageError } from '../errors.ts';
import { defaultCacheDir } from '../history/cache.ts';
import { openLocalRepo, type LocalRepo } from '../sources/local.ts';
import { openRemoteRepo } from '../sources/remote.ts';
import { parseTarget, redactUrl } from '../sources/targets.ts';
import { PILLARS, type Pillar, type PillarScore, type RepoReport, type Report, type RepoView, type Rule, type RuleResult } from '../types.ts';
import { round } from '../util/time.ts';
import { compareWithBaseline, loadBaseline } from './baseline.ts';
import { aggregate, pillarScores, ruleStatus } from './score.ts';
import { assembleReport } from './summary.ts';

export interface AuditOptions {
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
  /** Repositories audited at once (default 8). */
  concurrency?: number;
  /** Read `owner/name` targets as GitHub repositories. */
  github?: boolean;
  /** Milliseconds a clone or fetch of a remote target may take (default 10 minutes). */
  cloneTimeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: 'start'; target: string; index: number; total: number }
  | { type: 'done'; target: string; index: number; total: number; repo: RepoReport };

const EMPTY_PILLARS = (): Record<Pillar, PillarScore> => Object.fromEntries(PILLARS.map((p) => [p, { score: null, rules: 0 }])) as Record<Pillar, PillarScore>;

function capabilityGap(rule: Rule<unknown>, view: RepoView): string | null {
  const missing = rule.meta.needs.filter((c) => !view.capabilities.has(c));
  return missing.length ? `needs ${missing.join(', ')}, which this source does not provide` : null;
}

async function runRule(rule: Rule<unknown>, view: RepoView, config: BlueprintConfig, now: Date): Promise<RuleResult> {
  const settings = config.rules.get(rule.meta.id)!;
  const base = {
    id: rule.meta.id,
    pillar: rule.meta.pillar,
    weight: settings.weight,
    risk: rule.meta.risk,
    severity: settings.severity,
    remediation: rule.meta.remediation,
  };
  const skip = (reason: string): RuleResult => ({ ...base, status: 'skip', score: null, reason, metrics: {}, findings: [] });
  if (settings.severity === 'off') return skip(`turned off in ${config.source}`);
  const gap = capabilityGap(rule, view);
  if (gap) return skip(gap);
  try {
    const outcome = await rule.evaluate({
      repo: view,
      options: settings.options,
      now,
      blueprint: { criticalPaths: config.criticalPaths, systems: config.systems },
    });
    if (outcome.score === null) {
      return { ...skip(outcome.reason ?? 'not enough evidence to score'), metrics: outcome.metrics, findings: outcome.findings };
    }
    const score = round(Math.min(10, Math.max(0, outcome.score)), 2);
    return {
      ...base,
      status: ruleStatus(score, outcome.findings, settings.severity),
      score,
      reason: null,
      metrics: outcome.metrics,
      findings: outcome.findings,
    };
  } catch (error) {
    return { ...base, status: 'error', score: null, reason: `rule failed: ${(error as Error).message}`, metrics: {}, findings: [] };
  }
}

function errorReport(target: string, message: string, source: string): RepoReport {
  return {
    target,
    status: 'error',
    error: message,
    path: null,
    ref: null,
    commit: null,
    defaultBranch: null,
    blueprint: { source },
    notes: [],
    score: null,
    pillars: EMPTY_PILLARS(),
    rules: [],
    baseline: null,
    gate: { failUnder: null, passed: true, failures: [] },
  };
}

interface RunContext {
  cwd: string;
  now: Date;
  explicitConfig: BlueprintConfig | null;
  ruleSet: readonly Rule<any>[];
  selected: readonly Rule<unknown>[];
  options: AuditOptions;
  baseline: Report | null;
  targets: number;
  cacheDir: string | null;
}

const GITHUB_WEB = 'https://github.com';

/** Opens a target: a local folder as it is, a remote one through a clone in the cache. */
async function openTarget(input: string, ctx: RunContext): Promise<LocalRepo> {
  const target = parseTarget(input, { github: ctx.options.github ?? false });
  const local = { ref: ctx.options.ref, maxFileBytes: ctx.options.maxFileBytes, cacheDir: ctx.cacheDir };
  if (target.kind === 'local') return openLocalRepo(resolve(ctx.cwd, input), local);
  const url = target.kind === 'git' ? target.url : `${GITHUB_WEB}/${target.owner}/${target.name}.git`;
  if (ctx.cacheDir) return openRemoteRepo(url, { ...local, cacheDir: ctx.cacheDir, timeoutMs: ctx.options.cloneTimeoutMs });
  // Without a cache, clone into a temporary folder that goes when the audit of the target ends.
  const temp = await mkdtemp(join(tmpdir(), 'blueprint-clone-'));
  try {
    const repo = await openRemoteRepo(url, { ...local, cacheDir: temp, timeoutMs: ctx.options.cloneTimeoutMs });
    return { ...repo, close: () => (repo.close(), void rm(temp, { recursive: true, force: true })) };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function auditTarget(target: string, ctx: RunContext): Promise<RepoReport> {
  let repo: LocalRepo | null = null;
  try {
    repo = await openTarget(target, ctx);
    const config = ctx.explicitConfig ?? (await discoverConfig(repo, ctx.cwd, ctx.ruleSet)) ?? recommendedConfig(ctx.ruleSet);
    const open = repo;
    const rules = await Promise.all(ctx.selected.map((rule) => runRule(rule, open.view, config, ctx.now)));
    const score = aggregate(rules);
    const failUnder = ctx.options.failUnder ?? config.failUnder;
    const report: RepoReport = {
      target,
      status: 'ok',
      error: null,
      path: repo.root,
      ref: repo.ref,
      commit: repo.view.commit,
      defaultBranch: await repo.view.defaultBranch(),
      blueprint: { source: config.source },
      notes: repo.notes,
      score,
      pillars: pillarScores(rules),
      rules,
      baseline: null,
      gate: { failUnder, passed: true, failures: [] },
    };
    if (failUnder !== null && score !== null && score < failUnder) {
      report.gate.failures.push(`score ${score} is below fail-under ${failUnder}`);
    }
    if (ctx.baseline) {
      report.baseline = compareWithBaseline(ctx.baseline, report, ctx.targets, ctx.options.tolerance ?? 0);
      for (const r of report.baseline?.regressions ?? []) {
        report.gate.failures.push(`${r.rule ?? 'overall score'} regressed from ${r.baseline} to ${r.current} (${r.delta})`);
      }
    }
    report.gate.passed = report.gate.failures.length === 0;
    return report;
  } catch (error) {
    // With one target, a broken blueprint.yml in it is a configuration error (exit 2), not a lost target.
    if (error instanceof ConfigError && ctx.targets === 1) throw error;
    if (error instanceof BlueprintError) {
      const message = error instanceof ConfigError ? error.located : error.message;
      return errorReport(target, error.hint ? `${message} (${error.hint})` : message, ctx.explicitConfig?.source ?? BUILTIN_SOURCE);
    }
    return errorReport(target, `could not be audited: ${(error as Error).message}`, ctx.explicitConfig?.source ?? BUILTIN_SOURCE);
  } finally {
    repo?.close();
  }
}

function selectRules(ruleSet: readonly Rule<any>[], ids: readonly string[] | undefined): readonly Rule<unknown>[] {
  if (!ids?.length) return ruleSet;
  const known = ruleSet.map((r) => r.meta.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new UsageError(`unknown rule '${id}'`, `did you mean '${closest(id, known)}'? Run \`blueprint rules\` to list them`);
    }
  }
  return ruleSet.filter((r) => ids.includes(r.meta.id));
}

/** Audits each target against its blueprint and returns the report. Never throws for one bad target. */
export async function audit(options: AuditOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('invalid reference time', 'pass an ISO date such as 2026-11-24T12:00:00Z');
  const targets = options.targets ?? ['.'];
  const ruleSet = options.ruleSet ?? RULES;
  const selected = selectRules(ruleSet, options.rules);
  const explicitConfig = options.config ? await loadConfigFile(options.config, cwd, ruleSet) : null;
  const baseline = typeof options.baseline === 'string' ? await loadBaseline(options.baseline) : (options.baseline ?? null);
  const cacheDir = options.cache === false ? null : (options.cacheDir ?? defaultCacheDir());
  const ctx: RunContext = { cwd, now, explicitConfig, ruleSet, selected, options, baseline, targets: targets.length, cacheDir };

  const limit = pLimit(options.concurrency ?? 8);
  const total = targets.length;
  const repos = await Promise.all(
    targets.map((target, index) =>
      limit(async () => {
        // Reports and progress name a target without any credentials its URL carries.
        const shown = redactUrl(target);
        options.onProgress?.({ type: 'start', target: shown, index, total });
        const repo = { ...(await auditTarget(target, ctx)), target: shown };
        options.onProgress?.({ type: 'done', target: shown, index, total, repo });
        return repo;
      }),
    ),
  );
  return assembleReport(repos, now);
}

/** The process exit code a report calls for (see docs: 3 wins over 1). */
export function exitCodeFor(report: Report): 0 | 1 | 3 {
  if (report.summary.errors > 0) return 3;
  return report.summary.passed ? 0 : 1;
}
