import { BUILTIN_SOURCE, type BlueprintConfig, discoverConfig, recommendedConfig } from '../config/load.ts';
import { BlueprintError, ConfigError } from '../errors.ts';
import type { OpenedRepo } from '../sources/repo.ts';
import { redactSecrets } from '../sources/targets.ts';
import { PILLARS, type Pillar, type PillarScore, type RepoReport, type Report, type Rule } from '../types.ts';
import type { AuditOptions } from './audit.ts';
import type { AuditTarget } from './forges.ts';
import { applyGates } from './gate.ts';
import { detectKind } from './kind.ts';
import { type OpenSettings, openTarget } from './open-target.ts';
import { mayReadHistory, type RepoKind, ruleErrorMessage, runRule, willReadHistory } from './run-rule.ts';
import { type AuditPhase, phaseTracker } from './phases.ts';
import { anchorFile, repoName } from './repo-name.ts';
import type { RecordRun } from '../records/run.ts';
type PhaseTracker = ReturnType<typeof phaseTracker>;
import { aggregate, pillarScores } from './score.ts';

/** What every target of a run shares. */
export interface RunContext extends OpenSettings {
  now: Date;
  explicitConfig: BlueprintConfig | null;
  ruleSet: readonly Rule<any>[];
  selected: readonly Rule<unknown>[];
  /** Overrides blueprint.yml's fail-under. */
  failUnder: number | undefined;
  baseline: Report | null;
  tolerance: number;
  /** Targets in the run. */
  targets: number;
  /** Record sources beyond the repository, and practices an organisation or team owns. */
  records: RecordRun;
  onRuleReads?: AuditOptions['onRuleReads'];
}

const EMPTY_PILLARS = (): Record<Pillar, PillarScore> =>
  Object.fromEntries(PILLARS.map((p) => [p, { score: null, rules: 0 }])) as Record<Pillar, PillarScore>;

/** Days after which a repository whose audited commit is older than the reference time is called dormant. */
const DORMANT_DAYS = 90;

/**
 * A repository audited months after its last commit (an archived project, a stale snapshot) fails
 * every "in the last 90 days" measure for that reason alone: say so, with the way to see it as it was.
 */
function dormancyNote(committedAt: Date | null, now: Date): string | null {
  if (!committedAt) return null;
  const days = Math.floor((now.getTime() - committedAt.getTime()) / 86_400_000);
  if (days <= DORMANT_DAYS) return null;
  const date = committedAt.toISOString().slice(0, 10);
  return `Dormant: the audited commit is from ${date}, ${days} days before the reference time, so measures over recent windows (releases, merges, reviews in the last 90 days) describe that silence, not the project's usual pace; audit with --now ${date} to see it as it stood then.`;
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
    complete: false,
    incomplete: ['the repository could not be audited'],
    score: null,
    pillars: EMPTY_PILLARS(),
    rules: [],
    baseline: null,
    gate: { failUnder: null, passed: false, failures: [] },
  };
}

/** Runs the selected rules on an open repository and holds the result to its gates. */
async function auditRepo(target: AuditTarget, repo: OpenedRepo, shown: string, ctx: RunContext, phases: PhaseTracker): Promise<RepoReport> {
  const base = ctx.records.base;
  const config = ctx.explicitConfig ?? (await discoverConfig(repo, ctx.cwd, ctx.ruleSet, base)) ?? base ?? recommendedConfig(ctx.ruleSet);
  // Told before the walk starts: a walk that reads every message answers the searches of the
  // rules that may run (whatever kind of project the repository turns out to be).
  repo.expectSearches?.(
    ctx.selected.filter((rule) => mayReadHistory(rule, repo.view, repo.limits, config)).flatMap((rule) => rule.meta.searches ?? []),
  );
  // Started now, the walk overlaps the rules that read only files; otherwise it would start when the
  // first history rule asks, behind whatever the rules before it keep the event loop busy with.
  // Awaited before the audit returns, so that no walk outlives it should every rule that would
  // read the history be skipped after all (a forge field it needs cannot be known).
  const walking = ctx.selected.some((rule) => willReadHistory(rule, repo.view, repo.limits, config))
    ? repo.view.history().catch(() => undefined)
    : null;
  const dormant = dormancyNote(repo.committedAt, ctx.now);
  if (dormant) repo.notes.push(dormant);
  const kind: RepoKind = config.kind
    ? { kind: config.kind, source: 'blueprint', evidence: [] }
    : { ...(await detectKind(repo.view)), source: 'detected' };
  const view = phases.running(repo.view, ctx.selected.length);
  const where = { target, shown, config };
  const runs = await Promise.all(
    ctx.selected.map((rule) =>
      ctx.records.run(rule, where, (attach) => runRule(rule, view, repo.limits, config, ctx.now, kind, attach)).finally(phases.ruleDone),
    ),
  );
  await walking;
  const rules = runs.map((r) => r.result);
  for (const { result, read } of runs) {
    const used = read?.used ?? { history: false, refs: false };
    ctx.onRuleReads?.({ target: shown, rule: result.id, paths: [...(read?.paths ?? [])].sort(), ...used });
  }
  const incomplete = runs.map((r) => r.incomplete).filter((r): r is string => r !== null);
  if (repo.limits.forge) incomplete.push(repo.limits.forge);
  const score = aggregate(rules);
  const failUnder = ctx.failUnder ?? config.failUnder;
  const report: RepoReport = {
    target: shown,
    name: await repoName(shown, repo.root, repo.originUrl),
    status: 'ok',
    error: null,
    path: repo.root,
    ref: repo.ref,
    commit: repo.view.commit,
    defaultBranch: await repo.view.defaultBranch(),
    blueprint: { source: config.source },
    review: config.review,
    notes: repo.notes,
    committedAt: repo.committedAt?.toISOString() ?? null,
    anchor: await anchorFile(repo.view),
    kind,
    complete: incomplete.length === 0,
    incomplete,
    score,
    pillars: pillarScores(rules),
    rules,
    baseline: null,
    gate: { failUnder, passed: true, failures: [] },
  };
  return applyGates(report, { failUnder, baseline: ctx.baseline, tolerance: ctx.tolerance, targets: ctx.targets });
}

/** Audits one target; `shown` is how the report names it (without any credentials in its URL). */
export async function auditTarget(
  target: AuditTarget,
  shown: string,
  ctx: RunContext,
  onPhase?: (phase: AuditPhase) => void,
): Promise<RepoReport> {
  let repo: OpenedRepo | null = null;
  const phases = phaseTracker(onPhase);
  try {
    phases.opening(target.kind !== 'local');
    repo = await openTarget(target, ctx);
    return await auditRepo(target, repo, shown, ctx, phases);
  } catch (error) {
    // With one target, a broken blueprint.yml in it is a configuration error (exit 2), not a lost target.
    if (error instanceof ConfigError && ctx.targets === 1) throw error;
    const source = ctx.explicitConfig?.source ?? BUILTIN_SOURCE;
    const secrets = ctx.forges.secrets;
    if (error instanceof BlueprintError) {
      const message = error instanceof ConfigError ? error.located : error.message;
      return errorReport(shown, redactSecrets(error.hint ? `${message} (${error.hint})` : message, ...secrets), source);
    }
    return errorReport(shown, redactSecrets(`could not be audited: ${ruleErrorMessage(error)}`, ...secrets), source);
  } finally {
    repo?.close();
  }
}
