/**
 * Runs one rule as an audit runs it, on an in-memory repository (or any RepoView), and checks
 * what the rule returns: ESLint's RuleTester for blueprint rules. The options go through the
 * config loader (so they are validated and defaulted exactly as blueprint.yml's are), and the
 * result is the rule's entry of the report.
 */
import { RULES } from '../../rules/index.ts';
import { type BlueprintConfig, discoverConfig, parseConfigText, recommendedConfig } from '../config/load.ts';
import { detectKind } from '../engine/kind.ts';
import { runRule as runEngineRule } from '../engine/run-rule.ts';
import { ConfigError } from '../errors.ts';
import type { Capability, ProjectKind, RepoReport, RepoView, Rule, RuleOutcome, RuleResult, Severity } from '../types.ts';
import { type MemoryRepoOptions, openMemoryRepo } from './memory-repo.ts';
import type { RepoSpec } from './spec.ts';

export interface RunRuleOptions extends MemoryRepoOptions {
  /**
   * The rule's options as blueprint.yml gives them (`rules.<id>.options`): checked against the
   * rule's schema and merged over the preset's, as when blueprint.yml loads. With this or any
   * other config field below, the spec's own blueprint.yml is not read (as with --config).
   */
  options?: Record<string, unknown>;
  severity?: Severity;
  weight?: number;
  /** blueprint.yml's `extends` (default: recommended). */
  extends?: string;
  /** blueprint.yml's `kind`; detected from the files when absent, as the audit does. */
  kind?: ProjectKind | 'auto';
  criticalPaths?: string[];
  systems?: Record<string, string | string[]>;
  /** The audit's reference time (default: the committer date of the audited commit). */
  now?: Date | string;
  /** The rule set blueprint.yml is checked against (default: the built-in rules, with this rule in its place). */
  ruleSet?: readonly Rule<any>[];
}

/** A source to run the rule on that is not a spec: a view with its limits (e.g. a real clone). */
export interface ViewSource {
  view: RepoView;
  limits?: Partial<Record<Capability, string>>;
  committedAt?: Date | null;
}

/** The rule's entry of the report, with what the rule itself returned and whether it leaves the audit incomplete. */
export interface RuleRun extends RuleResult {
  /** Why this result makes the repository's audit incomplete (a limited capability, an unreadable file), or null. */
  incomplete: string | null;
  /** The rule's own outcome, before the engine added read-cap findings; null when it did not run. */
  outcome: RuleOutcome | null;
  /** The kind of project the rule was run for. */
  kind: ProjectKind | null;
}

/** A rule that returned something an audit cannot report. */
export class RuleTesterError extends Error {
  override name = 'RuleTesterError';
}

const CONFIG_FIELDS = ['options', 'severity', 'weight', 'extends', 'kind', 'criticalPaths', 'systems'] as const;

function ruleSetWith(rule: Rule<any>, ruleSet: readonly Rule<any>[] | undefined): readonly Rule<any>[] {
  const base = ruleSet ?? RULES;
  return base.some((r) => r.meta.id === rule.meta.id) ? base.map((r) => (r.meta.id === rule.meta.id ? rule : r)) : [...base, rule];
}

async function configFor(rule: Rule<any>, view: RepoView, options: RunRuleOptions): Promise<BlueprintConfig> {
  const rules = ruleSetWith(rule, options.ruleSet);
  try {
    if (!CONFIG_FIELDS.some((f) => options[f] !== undefined)) {
      return (await discoverConfig({ workTree: null, view }, '/', rules)) ?? recommendedConfig(rules);
    }
    const entry: Record<string, unknown> = {};
    if (options.options !== undefined) entry.options = options.options;
    if (options.severity !== undefined) entry.severity = options.severity;
    if (options.weight !== undefined) entry.weight = options.weight;
    const doc: Record<string, unknown> = { rules: { [rule.meta.id]: entry } };
    if (options.extends !== undefined) doc.extends = options.extends;
    if (options.kind !== undefined) doc.kind = options.kind;
    if (options.criticalPaths !== undefined) doc['critical-paths'] = options.criticalPaths;
    if (options.systems !== undefined) doc.systems = options.systems;
    return parseConfigText(JSON.stringify(doc, null, 2), 'runRule options', 'options.json', rules);
  } catch (error) {
    if (error instanceof ConfigError) throw new RuleTesterError(`${error.located}${error.hint ? ` (${error.hint})` : ''}`);
    throw error;
  }
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Whether a value comes back the same from the report's JSON (no Dates, Maps, undefined, NaN or Infinity). */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (isPlainObject(value)) return Object.values(value).every(jsonSafe);
  return false;
}

function checkFinding(f: unknown, at: string, messages: Record<string, unknown> | undefined): string | null {
  if (!isPlainObject(f)) return `${at} is not an object`;
  if (typeof f.severity !== 'string' || !SEVERITIES.has(f.severity))
    return `${at}.severity is ${JSON.stringify(f.severity)}, not error, warning or info`;
  if (typeof f.message !== 'string' || !f.message.trim()) return `${at}.message is not a sentence`;
  if (f.path !== null) {
    if (typeof f.path !== 'string' || !f.path) return `${at}.path is neither null nor a path`;
    if (f.path.startsWith('/') || f.path.includes('\\') || /(^|\/)\.{1,2}(\/|$)/.test(f.path))
      return `${at}.path ${JSON.stringify(f.path)} is not repository-relative with forward slashes`;
  }
  if (f.line !== null && !(Number.isInteger(f.line) && (f.line as number) >= 1)) return `${at}.line is neither null nor a line number`;
  if (f.line !== null && f.path === null) return `${at} has a line but no path`;
  if (f.code !== undefined) {
    if (typeof f.code !== 'string' || !f.code) return `${at}.code is not a string`;
    if (messages && !(f.code in messages)) return `${at}.code '${f.code}' is not a key of the rule's meta.messages`;
  }
  if (f.data !== undefined) {
    if (
      !isPlainObject(f.data) ||
      !Object.values(f.data).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    )
      return `${at}.data is not a record of strings and numbers`;
  }
  const known = new Set(['severity', 'message', 'path', 'line', 'code', 'data']);
  const extra = Object.keys(f).find((k) => !known.has(k));
  return extra ? `${at} has an unknown field '${extra}'` : null;
}

/** What is wrong with a rule's outcome, or null: the shape the report's contract holds it to. */
export function outcomeProblem(rule: Rule<any>, outcome: unknown): string | null {
  if (!isPlainObject(outcome)) return 'evaluate() did not return an object';
  const { score, metrics, findings, reason } = outcome;
  if (score !== null && !(typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 10))
    return `score is ${String(score)}: it must be null or a number from 0 to 10`;
  if (reason !== undefined && (typeof reason !== 'string' || !reason.trim())) return 'reason is given but is not a sentence';
  if (!isPlainObject(metrics)) return 'metrics is not a plain object';
  const unsafe = Object.entries(metrics).find(([, v]) => !jsonSafe(v));
  if (unsafe) return `metrics.${unsafe[0]} does not survive the report's JSON (a Date, Map, Set, undefined, NaN or Infinity?)`;
  if (!Array.isArray(findings)) return 'findings is not an array';
  const messages = (rule.meta as { messages?: Record<string, unknown> }).messages;
  for (const [i, f] of findings.entries()) {
    const problem = checkFinding(f, `findings[${i}]`, messages);
    if (problem) return problem;
  }
  const extra = Object.keys(outcome).find((k) => !['score', 'metrics', 'findings', 'reason'].includes(k));
  return extra ? `the outcome has an unknown field '${extra}'` : null;
}

/**
 * Runs `rule` on the repository `source` describes, as `audit()` runs it there, and returns the
 * rule's entry of the report. Throws a RuleTesterError when the options do not pass the rule's
 * schema, or when the rule returns an outcome the report cannot hold; a rule that throws is
 * reported with status `error`, as in an audit.
 */
export async function runRule(rule: Rule<any>, source: RepoSpec | ViewSource, options: RunRuleOptions = {}): Promise<RuleRun> {
  const opened =
    'view' in source
      ? { view: source.view, limits: source.limits ?? {}, committedAt: source.committedAt ?? null }
      : openMemoryRepo(source, options);
  const { view, limits } = opened;
  const config = await configFor(rule, view, options);
  const now = options.now !== undefined ? new Date(options.now) : (opened.committedAt ?? new Date(0));
  if (Number.isNaN(now.getTime())) throw new RuleTesterError(`now: ${String(options.now)} is not a date`);
  const kind: NonNullable<RepoReport['kind']> = config.kind
    ? { kind: config.kind, source: 'blueprint', evidence: [] }
    : { ...(await detectKind(view)), source: 'detected' };
  // The engine runs the rule (src/engine/run-rule.ts), so the tester cannot drift from the audit;
  // the probe keeps what the rule itself returned and checks its shape before the engine reads it.
  let outcome: RuleOutcome | null = null;
  let problem: RuleTesterError | null = null;
  const probe: Rule<unknown> = {
    meta: rule.meta,
    async evaluate(ctx) {
      const returned = await rule.evaluate(ctx);
      const wrong = outcomeProblem(rule, returned);
      if (wrong) {
        problem = new RuleTesterError(`${rule.meta.id}: ${wrong}`);
        throw problem;
      }
      outcome = returned;
      return returned;
    },
  };
  const { result, incomplete } = await runEngineRule(probe, view, limits, config, now, kind);
  if (problem) throw problem;
  return { ...result, incomplete, outcome, kind: kind.kind };
}
