import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import pLimit from 'p-limit';
import { RULES } from '../../rules/index.ts';
import { BUILTIN_SOURCE, discoverConfig, loadConfigFile, recommendedConfig, type BlueprintConfig } from '../config/load.ts';
import { BlueprintError, ConfigError, RepositoryNotFound, UsageError } from '../errors.ts';
import { defaultCacheDir } from '../history/cache.ts';
import { openLocalRepo, type LocalRepo } from '../sources/local.ts';
import { openRemoteRepo } from '../sources/remote.ts';
import { parseTarget, redactSecrets, redactUrl, splitCredentials } from '../sources/targets.ts';
import { shardTargets, type Shard } from './target-list.ts';
import { detectKind } from './kind.ts';
import {
  PILLARS,
  type ForgeData,
  type Pillar,
  type PillarScore,
  type RepoReport,
  type Report,
  type RepoView,
  type Rule,
  type RuleResult,
} from '../types.ts';
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
  /** Audit every repository of this GitHub organisation (or user), besides any targets. */
  org?: string;
  /** Which repositories of `org`: name globs to include and exclude, topics, archived, forks. */
  include?: string[];
  exclude?: string[];
  topics?: string[];
  includeArchived?: boolean;
  includeForks?: boolean;
  /** GitHub Enterprise Server URL (default: github.com). */
  githubUrl?: string;
  /** GitHub token (default: GITHUB_TOKEN, else GH_TOKEN). Never printed. */
  token?: string | null;
  /** Audit only one deterministic slice of the targets (after the organisation is listed). */
  shard?: Shard;
  /** Things the user should know that are not errors (no token, rate-limit waits). */
  onWarning?: (message: string) => void;
  onProgress?: (event: ProgressEvent) => void;
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
  | { type: 'done'; target: string; index: number; total: number; repo: RepoReport };

const EMPTY_PILLARS = (): Record<Pillar, PillarScore> =>
  Object.fromEntries(PILLARS.map((p) => [p, { score: null, rules: 0 }])) as Record<Pillar, PillarScore>;

/** Why a rule cannot run on this source: a capability it lacks, or one the source can only give in part. */
function capabilityGap(rule: Rule<unknown>, view: RepoView, limits: LocalRepo['limits']): { reason: string; limited: boolean } | null {
  const limited = rule.meta.needs.find((c) => limits[c] !== undefined);
  if (limited) return { reason: `needs the full ${limited}, but ${limits[limited]}`, limited: true };
  const missing = rule.meta.needs.filter((c) => !view.capabilities.has(c));
  return missing.length ? { reason: `needs ${missing.join(', ')}, which this source does not provide`, limited: false } : null;
}

type RepoKind = NonNullable<RepoReport['kind']>;

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
interface RuleRun {
  result: RuleResult;
  /** Why this result leaves the repository's audit incomplete, or null. */
  incomplete: string | null;
  /** What the rule read: paths, and whether history and refs. */
  read?: Pick<ReadWatch, 'paths' | 'used'>;
}

async function runRule(
  rule: Rule<unknown>,
  source: RepoView,
  limits: LocalRepo['limits'],
  config: BlueprintConfig,
  now: Date,
  kind: RepoKind,
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
  const watch = watchReads(source);
  read = watch;
  let outcome: Awaited<ReturnType<typeof rule.evaluate>>;
  try {
    outcome = await rule.evaluate({
      repo: watch.view,
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
    findings.push({ severity: 'info', message: `${path} was not read:${how} over the ${formatBytes(limit)} read cap.`, path, line: null });
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
function ruleErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
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
  github: GitHubContext | null;
}

/** What GitHub targets share within one run. */
interface GitHubContext {
  webUrl: string;
  token: string | null;
  forge: Map<string, Promise<ForgeData>>;
}

/** Git credentials for the GitHub host, passed to git as environment config (never on a command line). */
function gitAuthEnv(github: GitHubContext): Record<string, string> | undefined {
  if (!github.token) return undefined;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${github.webUrl}/.extraheader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${github.token}`).toString('base64')}`,
  };
}

async function cloneAndOpen(url: string, ctx: RunContext, env?: Record<string, string>): Promise<LocalRepo> {
  const local = { ref: ctx.options.ref, maxFileBytes: ctx.options.maxFileBytes, cacheDir: ctx.cacheDir, asOf: ctx.now };
  const remote = { ...local, timeoutMs: ctx.options.cloneTimeoutMs, env };
  if (ctx.cacheDir) return openRemoteRepo(url, { ...remote, cacheDir: ctx.cacheDir });
  // Without a cache, clone into a temporary folder that goes when the audit of the target ends.
  const temp = await mkdtemp(join(tmpdir(), 'blueprint-clone-'));
  try {
    const repo = await openRemoteRepo(url, { ...remote, cacheDir: temp });
    return { ...repo, close: () => (repo.close(), void rm(temp, { recursive: true, force: true })) };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Opens a target: a local folder as it is, a remote one through a clone in the cache. */
async function openTarget(input: string, ctx: RunContext): Promise<LocalRepo> {
  const target = parseTarget(input, { github: ctx.options.github ?? false });
  if (target.kind === 'local')
    return openLocalRepo(resolve(ctx.cwd, input), {
      ref: ctx.options.ref,
      maxFileBytes: ctx.options.maxFileBytes,
      cacheDir: ctx.cacheDir,
      asOf: ctx.now,
    });
  if (target.kind === 'git') return cloneAndOpen(target.url, ctx);
  const github = ctx.github!;
  // The API and the clone at once: neither waits for the other.
  const [forge, cloned] = await Promise.all([
    github.forge.get(`${target.owner}/${target.name}`.toLowerCase())!.then(
      (data) => ({ data, error: null }),
      (error: Error) => ({ data: null, error }),
    ),
    cloneAndOpen(`${github.webUrl}/${target.owner}/${target.name}.git`, ctx, gitAuthEnv(github)).then(
      (repo) => ({ repo, error: null }),
      (error: unknown) => ({ repo: null, error }),
    ),
  ]);
  // A repository the API cannot find either: say what GitHub said, which is the clearer message.
  if (!cloned.repo) throw forge.error instanceof RepositoryNotFound ? forge.error : cloned.error;
  const repo = cloned.repo;
  repo.notes.push('Files and history come from a git clone; pull requests, branch protection and teams from the GitHub API.');
  if (!github.token)
    repo.notes.push('No GitHub token (GITHUB_TOKEN or GH_TOKEN): public repositories only, within 60 API requests an hour.');
  if (!forge.data) {
    const why = redactSecrets(forge.error?.message ?? 'unknown error', github.token);
    repo.notes.push(
      `GitHub API data unavailable: ${why}. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.`,
    );
    // A verdict without the forge's half of the evidence is not the whole audit.
    repo.limits.forge = `GitHub API data was unavailable (${why}), so branch protection, pull requests, deployments and issues were not seen`;
    return repo;
  }
  const data = forge.data;
  return { ...repo, view: { ...repo.view, capabilities: new Set([...repo.view.capabilities, 'forge']), forge: async () => data } };
}

/** Audits one target; `shown` is how the report names it (without any credentials in its URL). */
async function auditTarget(target: string, shown: string, ctx: RunContext): Promise<RepoReport> {
  let repo: LocalRepo | null = null;
  try {
    repo = await openTarget(target, ctx);
    const config = ctx.explicitConfig ?? (await discoverConfig(repo, ctx.cwd, ctx.ruleSet)) ?? recommendedConfig(ctx.ruleSet);
    const open = repo;
    const dormant = dormancyNote(repo.committedAt, ctx.now);
    if (dormant) repo.notes.push(dormant);
    const kind: RepoKind = config.kind
      ? { kind: config.kind, source: 'blueprint', evidence: [] }
      : { ...(await detectKind(open.view)), source: 'detected' };
    const runs = await Promise.all(ctx.selected.map((rule) => runRule(rule, open.view, open.limits, config, ctx.now, kind)));
    const rules = runs.map((r) => r.result);
    for (const { result, read } of runs) {
      const used = read?.used ?? { history: false, refs: false };
      ctx.options.onRuleReads?.({ target: shown, rule: result.id, paths: [...(read?.paths ?? [])].sort(), ...used });
    }
    const incomplete = runs.map((r) => r.incomplete).filter((r): r is string => r !== null);
    if (repo.limits.forge) incomplete.push(repo.limits.forge);
    const score = aggregate(rules);
    const failUnder = ctx.options.failUnder ?? config.failUnder;
    const report: RepoReport = {
      target: shown,
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
      kind,
      complete: incomplete.length === 0,
      incomplete,
      score,
      pillars: pillarScores(rules),
      rules,
      baseline: null,
      gate: { failUnder, passed: true, failures: [] },
    };
    if (failUnder !== null && score !== null && score < failUnder) {
      report.gate.failures.push(`score ${score} is below fail-under ${failUnder}`);
    }
    // A gate over nothing measured, or over a partial view, is not a pass.
    if (failUnder !== null && score === null) {
      report.gate.failures.push(`no rule produced a score, so there is nothing to hold to fail-under ${failUnder}`);
    }
    if (incomplete.length) {
      report.gate.failures.push(
        `the audit is incomplete (${incomplete.length} ${incomplete.length === 1 ? 'reason' : 'reasons'}), so no gate can pass`,
      );
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
      return errorReport(
        shown,
        redactSecrets(error.hint ? `${message} (${error.hint})` : message, ctx.github?.token),
        ctx.explicitConfig?.source ?? BUILTIN_SOURCE,
      );
    }
    return errorReport(
      shown,
      redactSecrets(`could not be audited: ${ruleErrorMessage(error)}`, ctx.github?.token),
      ctx.explicitConfig?.source ?? BUILTIN_SOURCE,
    );
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
  let targets = options.targets ?? (options.org ? [] : ['.']);
  const ruleSet = options.ruleSet ?? RULES;
  const selected = selectRules(ruleSet, options.rules);
  const explicitConfig = options.config ? await loadConfigFile(options.config, cwd, ruleSet) : null;
  const baseline = typeof options.baseline === 'string' ? await loadBaseline(options.baseline) : (options.baseline ?? null);
  const cacheDir = options.cache === false ? null : (options.cacheDir ?? defaultCacheDir());

  let github: GitHubContext | null = null;
  const isGitHub = (t: string) => parseTarget(t, { github: options.github ?? false }).kind === 'github';
  if (options.org || targets.some(isGitHub)) {
    // Loaded only when GitHub is involved: Octokit and its plugins cost a local audit ~100 ms.
    const [{ createGitHubClient, githubEndpoints, tokenFromEnv }, { ForgeLoader }, { filterRepositories, listRepositories }] =
      await Promise.all([import('../github/client.ts'), import('../github/forge.ts'), import('../github/org.ts')]);
    if (options.githubUrl !== undefined && splitCredentials(options.githubUrl).credentials !== null) {
      throw new UsageError(
        `--github-url ${redactUrl(options.githubUrl)} carries credentials`,
        "give the server's URL alone, and the token in GITHUB_TOKEN (or GH_TOKEN)",
      );
    }
    const endpoints = githubEndpoints(options.githubUrl);
    const token = options.token !== undefined ? options.token : tokenFromEnv(process.env);
    if (!token)
      options.onWarning?.('No GitHub token (GITHUB_TOKEN or GH_TOKEN): only public repositories, within 60 API requests an hour.');
    const octokit = createGitHubClient({ ...endpoints, token, cacheDir, ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
    const stamps = new Map<string, string>();
    if (options.org) {
      const listed = filterRepositories(await listRepositories(octokit, options.org), {
        include: options.include,
        exclude: options.exclude,
        topics: options.topics,
        archived: options.includeArchived,
        forks: options.includeForks,
      });
      for (const r of listed) stamps.set(`${r.owner}/${r.name}`.toLowerCase(), r.stamp);
      targets = [...targets, ...listed.map((r) => `github:${r.owner}/${r.name}`)];
    }
    if (options.shard) targets = shardTargets(targets, options.shard);
    const loader = new ForgeLoader(octokit, cacheDir, endpoints.webUrl);
    const wanted = targets.map((t) => parseTarget(t, { github: options.github ?? false })).filter((t) => t.kind === 'github');
    const forge = loader.load(
      wanted.map((t) => ({ owner: t.owner, name: t.name, stamp: stamps.get(`${t.owner}/${t.name}`.toLowerCase()) ?? null })),
    );
    github = { webUrl: endpoints.webUrl, token, forge };
  } else if (options.shard) {
    targets = shardTargets(targets, options.shard);
  }
  const ctx: RunContext = { cwd, now, explicitConfig, ruleSet, selected, options, baseline, targets: targets.length, cacheDir, github };

  const limit = pLimit(options.concurrency ?? 8);
  const total = targets.length;
  const repos = await Promise.all(
    targets.map((target, index) =>
      limit(async () => {
        // Reports and progress name a target without any credentials its URL carries.
        const shown = redactUrl(target);
        options.onProgress?.({ type: 'start', target: shown, index, total });
        const repo = await auditTarget(target, shown, ctx);
        options.onProgress?.({ type: 'done', target: shown, index, total, repo });
        return repo;
      }),
    ),
  );
  return assembleReport(repos, now);
}

/** The process exit code a report calls for (see docs: 3 wins over 1). */
export function exitCodeFor(report: Report): 0 | 1 | 3 {
  if (report.summary.errors > 0 || report.summary.incomplete > 0) return 3;
  return report.summary.passed ? 0 : 1;
}
