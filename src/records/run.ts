/**
 * Record sources within one audit: each handbook, wiki and issue list opened once however many
 * repositories name it, the rule view of every record practice given its sources, and the
 * practices an organisation (or a team) owns evaluated once and shared by its repositories.
 */
import type { BlueprintConfig } from '../config/load.ts';
import { discoverInTree } from '../config/load.ts';
import { TargetError } from '../errors.ts';
import { aggregate, pillarScores, ruleStatus } from '../engine/score.ts';
import { type ForgeRecordList, forgeTarget } from '../forge/types.ts';
import type { RecordTarget as Target } from './target.ts';
import type { OrganisationReport, RecordTrace, RepoView, Rule, RuleResult } from '../types.ts';
import { globMatcher } from '../util/glob.ts';
import { attachRecordContext, type RecordContext, type RecordProvider } from './context.ts';
import { emptyView } from './empty-view.ts';
import { locateSource, type OpenedTree, type RecordForges, type SourceEnvironment, sourceFailure } from './open.ts';
import { isRecordPractice, type RecordSourceSpec, serves } from './practices.ts';
import { issueProvider, treeProvider } from './providers.ts';

/** A rule's result, and why it leaves the audit incomplete (as the engine keeps them). */
export interface RuleRun {
  result: RuleResult;
  incomplete: string | null;
  /** What the rule read (paths, history, refs), when it ran here: trend attributes moves by it. */
  read?: { paths: Set<string>; used: { history: boolean; refs: boolean } } | undefined;
}
export type Attach = (view: RepoView) => RepoView;
/** Runs a rule as the engine does, on `view` with `config`, the rule's view passed through `attach`. */
export type Runner = (rule: Rule<unknown>, view: RepoView, config: BlueprintConfig, attach: Attach) => Promise<RuleRun>;

export interface RecordRunOptions {
  cacheDir: string | null;
  maxFileBytes?: number | undefined;
  cloneTimeoutMs?: number | undefined;
  /** The run's forges: record sources on a forge use the connection the audit uses (one client, one token). */
  forges: RecordForges;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** How the report names a source. */
export function sourceLabel(source: RecordSourceSpec): string {
  switch (source.kind) {
    case 'self':
      return 'self';
    case 'repo':
      return source.repo;
    case 'wiki':
      return source.url ?? 'wiki';
    case 'issues': {
      const picked = [source.label && `labelled ${source.label}`, source.title && `titled /${source.title}/`].filter(Boolean).join(', ');
      return `issues${source.repo ? ` of ${source.repo}` : ''} ${picked}`;
    }
    case 'discussions': {
      const picked = [source.category && `in ${source.category}`, source.title && `titled /${source.title}/`].filter(Boolean).join(', ');
      return `discussions${source.repo ? ` of ${source.repo}` : ''} ${picked}`;
    }
  }
}

const describe = (source: RecordSourceSpec) => {
  const label = sourceLabel(source);
  return 'path' in source && source.path ? `${label} (${source.path}/)` : label;
};

function trace(context: RecordContext): RecordTrace[] {
  return [...context.found.values()]
    .map((r) => ({
      at: r.path,
      source: r.origin.source,
      kind: r.origin.kind,
      path: r.origin.path,
      issue: r.origin.issue,
      url: r.origin.url,
      date: r.date ? r.date.toISOString().slice(0, 10) : null,
      dateFrom: r.dateFrom,
      author: r.origin.author,
      state: r.origin.state,
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

interface Organisation {
  name: string;
  config: BlueprintConfig;
  notes: string[];
  /** What could not be seen (a forge team's repositories), which leaves the organisation row incomplete. */
  problems: string[];
  results: Map<string, RuleRun>;
  teams: Array<{ name: string; matches: (target: string) => boolean; results: Map<string, RuleRun>; members: Set<string> }>;
}

export class RecordRun {
  private readonly trees = new Map<string, Promise<OpenedTree>>();
  private readonly issueLists = new Map<string, Promise<ForgeRecordList>>();
  private organisation: Organisation | null = null;
  private readonly env: SourceEnvironment;

  constructor(options: RecordRunOptions) {
    this.env = {
      cacheDir: options.cacheDir,
      maxFileBytes: options.maxFileBytes,
      cloneTimeoutMs: options.cloneTimeoutMs,
      forges: options.forges,
    };
  }

  private failure(error: unknown): string {
    return sourceFailure(error, this.env.forges.secrets);
  }

  /** The organisation's blueprint, which each repository's own refines; null outside an organisation audit. */
  get base(): BlueprintConfig | null {
    return this.organisation?.config ?? null;
  }

  /** A provider for one source, or why the source could not be read. */
  private async provider(
    source: Exclude<RecordSourceSpec, { kind: 'self' }>,
    target: Target | null,
    dir: string | null,
  ): Promise<{ provider: RecordProvider | null; problem: string | null }> {
    try {
      const located = await locateSource(source, target, dir, this.env);
      if (located.kind === 'unavailable') return { provider: null, problem: located.why };
      if (located.kind === 'tree') {
        const tree = await this.openTree(located);
        const kind = source.kind === 'wiki' ? 'wiki' : 'repository';
        const path = source.kind === 'repo' || source.kind === 'wiki' ? source.path : '';
        return { provider: treeProvider(tree.view, { label: sourceLabel(source), kind, path }), problem: null };
      }
      if (source.kind !== 'issues' && source.kind !== 'discussions') return { provider: null, problem: 'not a forge source' };
      const key = JSON.stringify([located.key, source]);
      let listing = this.issueLists.get(key);
      if (!listing) {
        const query =
          source.kind === 'issues'
            ? { kind: source.kind, label: source.label, title: source.title, state: source.state }
            : { kind: source.kind, category: source.category, title: source.title };
        listing = this.env.forges.connect(located.forge).then((connection) => {
          if (!connection.listRecords) throw new Error(`${located.forge.title} lists no ${source.kind}`);
          return connection.listRecords(located.repo, query);
        });
        this.issueLists.set(key, listing);
      }
      const list = await listing;
      const provider = issueProvider(list.records, {
        label: forgeTarget(located.forge, located.repo),
        maxBytes: this.env.maxFileBytes ?? DEFAULT_MAX_BYTES,
        kind: source.kind,
      });
      return { provider, problem: null };
    } catch (error) {
      return { provider: null, problem: this.failure(error) };
    }
  }

  /** A tree opened once however many sources name it. */
  private openTree(located: { key: string; open: () => Promise<OpenedTree> }): Promise<OpenedTree> {
    let opening = this.trees.get(located.key);
    if (!opening) {
      opening = located.open();
      this.trees.set(located.key, opening);
    }
    return opening;
  }

  /**
   * Runs one rule for a target: a practice its organisation or team owns takes that shared
   * result; a record practice gets its sources; every other rule runs as it is.
   */
  async run(
    rule: Rule<unknown>,
    where: { target: Target | null; shown: string; config: BlueprintConfig; share?: boolean },
    go: (attach: Attach) => Promise<RuleRun>,
  ): Promise<RuleRun> {
    const id = rule.meta.id;
    if (!isRecordPractice(id)) return go((view) => view);
    const { config } = where;
    const scope = config.scopes[id]!;
    const shared = where.share === false ? null : this.shared(id, scope, where.shown, where.target);
    if (shared && config.rules.get(id)?.severity !== 'off') return this.adopt(shared.run, shared.from, config, id, scope);
    // The repository alone, as before sources existed: the report is as it was.
    if (config.records.length === 1 && config.records[0]!.kind === 'self' && config.records[0]!.practices === null)
      return go((view) => view);
    const sources = config.records.filter((s) => serves(s, id));
    const others = sources.filter((s): s is Exclude<RecordSourceSpec, { kind: 'self' }> => s.kind !== 'self');
    const opened = await Promise.all(others.map((s) => this.provider(s, where.target, config.dir)));
    const context: RecordContext = {
      self: sources.some((s) => s.kind === 'self'),
      providers: opened.flatMap((o) => (o.provider ? [o.provider] : [])),
      found: new Map(),
      queried: false,
    };
    const run = await go((view) => attachRecordContext(view, context));
    if (!context.queried) return run;
    const problems = others.flatMap((s, i) => (opened[i]!.problem ? [`${describe(s)}: ${opened[i]!.problem}`] : []));
    const result: RuleResult = { ...run.result, scope, recordSources: sources.map(describe), records: trace(context) };
    if (result.status === 'skip' && result.reason && others.length)
      result.reason = `${result.reason} Looked in: ${sources.map(describe).join('; ')}.`;
    const incomplete = problems.length ? `${id}: records could not be read from ${problems.join('; ')}` : null;
    return { ...run, result, incomplete: run.incomplete ?? incomplete };
  }

  private shared(id: string, scope: string, shown: string, target: Target | null): { run: RuleRun; from: string } | null {
    const org = this.organisation;
    if (!org) return null;
    if (scope === 'organisation') {
      const run = org.results.get(id);
      return run ? { run, from: `organisation:${org.name}` } : null;
    }
    if (scope !== 'team') return null;
    const name = target?.kind === 'forge' ? `${target.repo.owner}/${target.repo.name}` : shown;
    const team = org.teams.find((t) => t.matches(name));
    const run = team?.results.get(id);
    if (!team || !run) return null;
    team.members.add(shown);
    return { run, from: `team:${team.name}` };
  }

  /** A shared result as one repository's: its own weight and severity, the shared score and evidence. */
  private adopt(shared: RuleRun, from: string, config: BlueprintConfig, id: string, scope: RuleResult['scope']): RuleRun {
    const settings = config.rules.get(id)!;
    const source = shared.result;
    const status = source.score === null ? source.status : ruleStatus(source.score, source.findings, settings.severity);
    const result: RuleResult = { ...source, weight: settings.weight, severity: settings.severity, status, scope, sharedFrom: from };
    return { result, incomplete: shared.incomplete && `${shared.incomplete} (evaluated for ${from})` };
  }

  /**
   * Reads the organisation's blueprint (blueprint.yml at the root of the repository its forge keeps for it,
   * or the --config file) and evaluates, once, the practices it gives to the organisation and
   * to each of its teams. Without either, nothing is shared and each repository stands alone.
   */
  async openOrganisation(
    name: string,
    setup: { rules: readonly Rule<any>[]; selected: readonly Rule<unknown>[]; explicitConfig: BlueprintConfig | null; run: Runner },
  ): Promise<void> {
    // The organisation's own repository (Forge.organisationRepository), on the forge that lists it.
    const forge = this.env.forges.organisations;
    const home = forge?.organisationRepository ? { owner: name, name: forge.organisationRepository } : null;
    const target: Target | null = forge && home ? { kind: 'forge', input: forgeTarget(forge, home), forge, repo: home } : null;
    const shown = target?.input ?? `organisation:${name}`;
    const notes: string[] = [];
    let view: RepoView = emptyView();
    const located = target && (await locateSource({ kind: 'repo', repo: shown, path: '', practices: null }, target, null, this.env));
    if (located?.kind === 'tree') {
      try {
        view = (await this.openTree(located)).view;
      } catch (error) {
        if (!(error instanceof TargetError)) throw error;
        const url = (await this.env.forges.connect(target!.forge)).clone(target!.repo).cloneUrl;
        notes.push(`No ${url.replace(/\.git$/, '')} repository could be read (${this.failure(error)}).`);
      }
    }
    const config =
      setup.explicitConfig ?? (await discoverInTree(view, setup.rules, null, ['blueprint.yml', 'blueprint.yaml'], `${shown}:`));
    if (!config) return;
    const org: Organisation = { name, config, notes, problems: [], results: new Map(), teams: [] };
    const orgWhere = { target, shown, config, share: false };
    for (const rule of setup.selected) {
      if (!isRecordPractice(rule.meta.id) || config.scopes[rule.meta.id] !== 'organisation') continue;
      org.results.set(rule.meta.id, await this.run(rule, orgWhere, (attach) => setup.run(rule, view, config, attach)));
    }
    for (const [teamName, team] of Object.entries(config.teams)) {
      const teamConfig: BlueprintConfig = { ...config, records: team.records ?? config.records };
      const results = new Map<string, RuleRun>();
      for (const rule of setup.selected) {
        if (!isRecordPractice(rule.meta.id) || config.scopes[rule.meta.id] !== 'team') continue;
        const where = { target, shown: `team:${teamName}`, config: teamConfig, share: false };
        results.set(rule.meta.id, await this.run(rule, where, (attach) => setup.run(rule, view, teamConfig, attach)));
      }
      const match = globMatcher(team.repositories);
      const members = new Set<string>();
      if (team.forgeTeam) {
        try {
          if (!forge) throw new Error('no forge lists the organisation');
          const connection = await this.env.forges.connect(forge);
          if (!connection.listTeam) throw new Error(`${forge.title} lists no team's repositories`);
          for (const repo of await connection.listTeam(name, team.forgeTeam)) members.add(repo.toLowerCase());
        } catch (error) {
          org.problems.push(`team ${teamName}: ${this.failure(error)}`);
        }
      }
      org.teams.push({
        name: teamName,
        matches: (repo) => members.has(repo.toLowerCase()) || match(repo) || match(repo.slice(repo.indexOf('/') + 1)),
        results,
        members: new Set(),
      });
    }
    this.organisation = org;
  }

  /** The organisation row, once every repository has been audited. */
  organisationReport(): OrganisationReport | undefined {
    const org = this.organisation;
    if (!org) return undefined;
    const runs = [...org.results.values()];
    const rules = runs.map((r) => ({ ...r.result, sharedFrom: `organisation:${org.name}` }));
    const teams = org.teams.map((t) => ({
      name: t.name,
      repositories: [...t.members].sort(),
      rules: [...t.results.values()].map((r) => ({ ...r.result, sharedFrom: `team:${t.name}` })),
    }));
    const incomplete = [
      ...org.problems,
      ...[...runs, ...org.teams.flatMap((t) => [...t.results.values()])].map((r) => r.incomplete).filter((r): r is string => r !== null),
    ];
    return {
      name: org.name,
      blueprint: { source: org.config.source },
      notes: org.notes,
      complete: incomplete.length === 0,
      incomplete,
      score: aggregate(rules),
      pillars: pillarScores(rules),
      rules,
      teams,
    };
  }

  /** Closes every opened source (their git processes, and temporary clones). */
  async close(): Promise<void> {
    const opened = await Promise.allSettled([...this.trees.values()]);
    for (const o of opened) if (o.status === 'fulfilled') o.value.close();
    this.trees.clear();
  }
}
