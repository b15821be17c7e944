import type { BlueprintConfig } from '../config/load.ts';
import type { OpenedRepo } from '../sources/repo.ts';
import type { RepoReport, RepoView, Rule, RuleResult } from '../types.ts';
import { round } from '../util/time.ts';
import { ruleStatus } from './score.ts';
import { FORGE_FIELDS, unknownForgeFields } from '../forge/dated.ts';

/** Gives a rule's view more than the repository holds (records from other sources); by default, nothing. */
export type Attach = (view: RepoView) => RepoView;

export type RepoKind = NonNullable<RepoReport['kind']>;

/** Why a rule cannot run on this source: a capability it lacks, or one the source can only give in part. */
function capabilityGap(rule: Rule<unknown>, view: RepoView, limits: OpenedRepo['limits']): { reason: string; limited: boolean } | null {
  const limited = rule.meta.needs.find((c) => limits[c] !== undefined);
  if (limited) return { reason: `needs the full ${limited}, but ${limits[limited]}`, limited: true };
  const missing = rule.meta.needs.filter((c) => !view.capabilities.has(c));
  return missing.length ? { reason: `needs ${missing.join(', ')}, which this source does not provide`, limited: false } : null;
}

/**
 * Whether the rule will read the history whatever kind of project the repository turns out to
 * be: it is on, the source has a whole history, and no `appliesTo` could leave it out (unless the
 * blueprint names a kind it applies to). The audit starts mining for such a rule before any rule
 * runs, since the walk is the longest thing an audit waits for.
 */
export function willReadHistory(rule: Rule<unknown>, view: RepoView, limits: OpenedRepo['limits'], config: BlueprintConfig): boolean {
  const applies = rule.meta.appliesTo;
  if (applies && !(config.kind && applies.includes(config.kind))) return false;
  return mayReadHistory(rule, view, limits, config);
}

/** Whether the rule may read the history: it is on and the source has a whole history (its kind of project aside). */
export function mayReadHistory(rule: Rule<unknown>, view: RepoView, limits: OpenedRepo['limits'], config: BlueprintConfig): boolean {
  if (!rule.meta.needs.includes('history') || config.rules.get(rule.meta.id)?.severity === 'off') return false;
  const applies = rule.meta.appliesTo;
  if (applies && config.kind && !applies.includes(config.kind)) return false;
  return capabilityGap(rule, view, limits) === null;
}

/**
 * Why the forge data a rule needs cannot be known here (an audit of a past date: the forge keeps no
 * history of branch protection), or null. A rule that needs 'forge' and names no fields needs them all.
 */
async function forgeFieldGap(rule: Rule<unknown>, view: RepoView): Promise<string | null> {
  const fields = rule.meta.forgeFields ?? (rule.meta.needs.includes('forge') ? FORGE_FIELDS : []);
  if (!fields.length || !view.capabilities.has('forge')) return null;
  const why = unknownForgeFields(await view.forge(), fields);
  return why && `needs forge data that cannot be known: ${why}`;
}

/** What a rule tried to read and could not, so its verdict is never a guess from missing evidence. */
interface ReadWatch {
  view: RepoView;
  unreadable: Map<string, string>;
  tooLarge: Map<string, { size: number; limit: number }>;
  /** Every path the rule read or asked about. */
  paths: Set<string>;
  used: { history: boolean; refs: boolean };
}

function watchReads(view: RepoView): ReadWatch {
  const unreadable = new Map<string, string>();
  const tooLarge = new Map<string, { size: number; limit: number }>();
  const paths = new Set<string>();
  const readFile: RepoView['readFile'] = async (path, options) => {
    paths.add(path);
    const read = await view.readFile(path, options);
    if (read.why === 'unreadable') unreadable.set(path, read.detail);
    else if (read.why === 'too-large') tooLarge.set(path, { size: read.size, limit: read.limit });
    return read;
  };
  const has: RepoView['has'] = (path) => (paths.add(path), view.has(path));
  const lastChanged: RepoView['lastChanged'] = (path) => (paths.add(path), view.lastChanged(path));
  const used = { history: false, refs: false };
  const history: RepoView['history'] = () => ((used.history = true), view.history());
  const refs: RepoView['refs'] = () => ((used.refs = true), view.refs());
  const unmergedCommits: RepoView['unmergedCommits'] = (exclude) => ((used.refs = true), view.unmergedCommits(exclude));
  return {
    view: {
      ...view,
      readFile,
      has,
      lastChanged,
      history,
      refs,
      unmergedCommits,
      readText: async (path, options) => (await readFile(path, options)).text,
    },
    unreadable,
    tooLarge,
    paths,
    used,
  };
}

const MAX_NAMED_FILES = 5;
/** The code of the finding the engine adds for a file over the read cap (it is no rule's own). */
export const READ_CAP_CODE = 'file-over-read-cap';

function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_NAMED_FILES).join(', ');
  return paths.length > MAX_NAMED_FILES ? `${shown} and ${paths.length - MAX_NAMED_FILES} more` : shown;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The rule's desired state with the configured options, or its description for rules without one. */
function describeStandard(rule: Rule<unknown>, options: unknown): string {
  try {
    return rule.meta.standard?.(options) ?? rule.meta.description;
  } catch {
    return rule.meta.description;
  }
}

/** A rule's result, and whether it is one the audit could not fully see. */
export interface RuleRun {
  result: RuleResult;
  /** Why this result leaves the repository's audit incomplete, or null. */
  incomplete: string | null;
  /** What the rule read: paths, and whether history and refs (absent when it did not run). */
  read?: Pick<ReadWatch, 'paths' | 'used'>;
}

/** Runs one rule on one repository: skipped, failed or scored, never thrown. */
export async function runRule(
  rule: Rule<unknown>,
  source: RepoView,
  limits: OpenedRepo['limits'],
  config: BlueprintConfig,
  now: Date,
  kind: RepoKind,
  attach: Attach = (view) => view,
): Promise<RuleRun> {
  const settings = config.rules.get(rule.meta.id)!;
  const base = {
    id: rule.meta.id,
    pillar: rule.meta.pillar,
    weight: settings.weight,
    risk: rule.meta.risk,
    severity: settings.severity,
    remediation: rule.meta.remediation,
    standard: describeStandard(rule, settings.options),
  };
  const skip = (reason: string): RuleResult => ({ ...base, status: 'skip', score: null, reason, metrics: {}, findings: [] });
  let read: RuleRun['read'];
  const done = (result: RuleResult, incomplete: string | null = null): RuleRun => ({ result, incomplete, read });
  const failed = (reason: string): RuleRun =>
    done({ ...base, status: 'error', score: null, reason, metrics: {}, findings: [] }, `${rule.meta.id}: ${reason}`);
  if (settings.severity === 'off') return done(skip(`turned off in ${config.source}`));
  const applies = rule.meta.appliesTo;
  if (applies && kind.kind && !applies.includes(kind.kind)) {
    const why =
      kind.source === 'blueprint'
        ? `kind: ${kind.kind} in ${config.source}`
        : `detected from ${kind.evidence.join(', ')}; state \`kind:\` in blueprint.yml if that is wrong`;
    const article = /^[aeiou]/.test(kind.kind) ? 'an' : 'a';
    return done(skip(`does not apply to ${article} ${kind.kind} project (${why}); it applies to ${applies.join(', ')}`));
  }
  const gap = capabilityGap(rule, source, limits);
  if (gap) return done(skip(gap.reason), gap.limited ? `${rule.meta.id} was skipped: it ${gap.reason}` : null);
  const forgeGap = await forgeFieldGap(rule, source);
  if (forgeGap) return done(skip(forgeGap), `${rule.meta.id} was skipped: it ${forgeGap}`);
  const watch = watchReads(source);
  read = watch;
  let outcome: Awaited<ReturnType<typeof rule.evaluate>>;
  try {
    outcome = await rule.evaluate({
      repo: attach(watch.view),
      options: settings.options,
      now,
      kind: kind.kind,
      blueprint: { criticalPaths: config.criticalPaths, systems: config.systems },
    });
  } catch (error) {
    return failed(`rule failed: ${ruleErrorMessage(error)}`);
  }
  if (watch.unreadable.size) {
    const paths = [...watch.unreadable.keys()].sort();
    const detail = watch.unreadable.get(paths[0]!)!;
    return failed(`could not read ${listPaths(paths)} (${detail}), so there is no verdict`);
  }
  const findings = [...outcome.findings];
  for (const [path, { size, limit }] of [...watch.tooLarge].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_NAMED_FILES)) {
    const how = size < 0 ? '' : ` it is ${formatBytes(size)},`;
    findings.push({
      severity: 'info',
      code: READ_CAP_CODE,
      data: { path, limit: formatBytes(limit), ...(size >= 0 && { size: formatBytes(size) }) },
      message: `${path} was not read:${how} over the ${formatBytes(limit)} read cap.`,
      path,
      line: null,
    });
  }
  if (outcome.score === null) {
    return done({ ...skip(outcome.reason ?? 'not enough evidence to score'), metrics: outcome.metrics, findings });
  }
  const score = round(Math.min(10, Math.max(0, outcome.score)), 2);
  return done({
    ...base,
    status: ruleStatus(score, findings, settings.severity),
    score,
    reason: null,
    metrics: outcome.metrics,
    findings,
  });
}

/** A rule's own error, in one line; git's failures are already in our words (GitFailure). */
export function ruleErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
