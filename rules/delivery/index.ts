import {
  absentOutcome,
  findingsFrom,
  forgeData,
  indexOf,
  indexOfPrefix,
  isMerge,
  median,
  noun,
  parents,
  pushParents,
  RECORD_MESSAGES,
  round,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import {
  defineRule,
  type CommitGraph,
  type CommitMessage,
  type Finding,
  type ForgeData,
  type GitRef,
  type RepoView,
  type UnmergedCommit,
} from '../../src/types.ts';

export type Tier = 'elite' | 'high' | 'medium' | 'low';
const TIER_POINTS: Record<Tier, number> = { elite: 10, high: 7.5, medium: 5, low: 2.5 };

/**
 * DORA's four measures and the bounds of each tier (State of DevOps reports): a value at or
 * better than a bound reaches that tier.
 */
export const TIERS = {
  deploysPerWeek: { elite: 7, high: 1, medium: 0.25 },
  leadTimeHours: { elite: 24, high: 168, medium: 720 },
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  timeToRestoreHours: { elite: 1, high: 24, medium: 168 },
} as const;
type Measure = keyof typeof TIERS;

export function tierOf(measure: Measure, value: number): Tier {
  const bounds = TIERS[measure];
  const better = measure === 'deploysPerWeek' ? (bound: number) => value >= bound : (bound: number) => value <= bound;
  return better(bounds.elite) ? 'elite' : better(bounds.high) ? 'high' : better(bounds.medium) ? 'medium' : 'low';
}

/**
 * Release tags of every common shape: `v1.2.3`, `1.2`, four-part `v8.1.3.1`, and a package's
 * name before the version with `-`, `_`, `@` or `/` (`kube-prometheus-stack-88.5.3`,
 * `parent-5.4.0`, `plugin-legacy@5.0.0`, `@scope/pkg@1.2.3`, `api/v1.2.0`). Pre-releases
 * (`-rc.1`, `.beta1`), build variants (`+stringlabels`), branch-like `1.5.x` and snapshot series
 * (`daily-2026.05.25`, nightly, canary) are not releases.
 */
export const DEFAULT_TAG_PATTERN = String.raw`^(?!.*\b(?:nightly|daily|weekly|snapshot|canary|preview)\b)(?:.*[-_@/])?v?\d+(?:\.\d+){1,3}$`;

const validRegex = (pattern: string) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};
const regex = (fallback: string, description: string) =>
  z.string().refine(validRegex, { message: 'not a valid regular expression' }).default(fallback).describe(description);

export const options = z.strictObject({
  tagPattern: regex(
    DEFAULT_TAG_PATTERN,
    'Regular expression of the tag names that mark a release: v1.2.3, 1.2, v8.1.3.1 and a package name before the version (chart-1.2.3, pkg@1.2.3); pre-releases, build variants and snapshot series are left out by default.',
  ),
  hotfixPattern: regex('hotfix', 'Regular expression of tag names that mark a hotfix release (a change failure of the release before it).'),
  windowDays: z.number().int().positive().default(90).describe('Days of history the four measures look back over.'),
  minSample: z
    .number()
    .int()
    .positive()
    .default(5)
    .describe(
      'Releases (or deployments) in the window before the change failure rate and the overall DORA tier are named, and changes before the lead time is rated.',
    ),
  environments: regex('^prod', 'Regular expression of the GitHub deployment environments that are production.'),
  incidentLabels: z
    .array(z.string())
    .default(['incident', 'outage', 'sev1', 'sev-1', 'p0'])
    .describe('Issue labels that mark a production incident (GitHub), for the time to restore.'),
  whenAbsent: whenAbsentOption('release tags or deployments'),
});
export type DeliveryOptions = z.infer<typeof options>;

/** One release: every tag on one commit (a Go-module alias tag, a monorepo's packages cut together) is one release. */
interface Release {
  /** The tag shown: the plainest of the commit's tags (v3.14.0 over its alias v0.314.0). */
  name: string;
  tags: number;
  commit: string | null;
  /** Node of the tagged commit in the lineage, or -1 when no branch of the repository holds it. */
  node: number;
  date: Date;
  hotfix: boolean;
}

function compile(pattern: string, option: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    throw new Error(`options.${option} is not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The commits releases are cut from: the audited history, and the commits only other branches
 * hold (release branches: `v1.15`, `release-3.5`, `8-1-stable`), so that a tag cut on a release
 * branch still reaches the changes it ships. Nodes below `graph.shas.length` are the graph's.
 */
class Lineage {
  private readonly extra = new Map<string, number>();
  private readonly extraCommits: UnmergedCommit[] = [];
  private readonly extraParents: number[][] = [];
  constructor(private readonly graph: CommitGraph) {}

  get size(): number {
    return this.graph.shas.length + this.extraCommits.length;
  }

  add(commits: readonly UnmergedCommit[]): void {
    for (const c of commits) {
      if (indexOf(this.graph, c.sha) >= 0 || this.extra.has(c.sha)) continue;
      this.extra.set(c.sha, this.graph.shas.length + this.extraCommits.length);
      this.extraCommits.push(c);
    }
    this.extraParents.length = 0;
    for (const c of this.extraCommits) this.extraParents.push(c.parents.map((p) => this.node(p)));
  }

  node(sha: string): number {
    const i = indexOf(this.graph, sha);
    return i >= 0 ? i : (this.extra.get(sha) ?? -1);
  }

  parents(i: number): number[] {
    const g = this.graph;
    if (i < g.shas.length) return parents(g, i);
    return this.extraParents[i - g.shas.length] ?? [];
  }

  authorTime(i: number): number {
    return i < this.graph.shas.length ? this.graph.authorTime[i]! : this.extraCommits[i - this.graph.shas.length]!.authorTime;
  }

  /** Pushes the node's parents, first parent first, without making a list of them. */
  pushParents(i: number, stack: number[]): void {
    const g = this.graph;
    if (i < g.shas.length) pushParents(g, i, stack);
    else for (const p of this.extraParents[i - g.shas.length] ?? []) stack.push(p);
  }

  isMerge(i: number): boolean {
    return i < this.graph.shas.length ? isMerge(this.graph, i) : this.parents(i).length > 1;
  }
}

/** For every node, the first release (by date) that contains it, or -1. */
function firstReleaseOf(lineage: Lineage, releases: readonly Release[]): Int32Array {
  const owner = new Int32Array(lineage.size).fill(-1);
  const stack: number[] = [];
  releases.forEach((release, r) => {
    if (release.node >= 0 && owner[release.node] === -1) stack.push(release.node);
    while (stack.length) {
      const i = stack.pop()!;
      if (i < 0 || owner[i] !== -1) continue;
      owner[i] = r;
      lineage.pushParents(i, stack);
    }
  });
  return owner;
}

/** Unprefixed names first, then the higher major version (v3.14.0 before v0.314.0), then name order. */
function plainest(names: readonly string[]): string {
  const rank = (name: string): [number, number] => [/^v?\d/.test(name) ? 0 : 1, -Number(/v?(\d+)(?:\.\d+)*$/.exec(name)?.[1] ?? -1)];
  return [...names].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || (a < b ? -1 : a > b ? 1 : 0);
  })[0]!;
}

interface Candidate {
  name: string;
  commit: string | null;
  date: Date;
}

/** Candidates grouped by commit: the earliest date, the plainest name, a hotfix when any tag says so. */
function groupByCommit(candidates: readonly Candidate[], hotfix: RegExp): Array<Omit<Release, 'node'>> {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = c.commit ?? `tag:${c.name}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => ({
    name: plainest(group.map((c) => c.name)),
    tags: group.length,
    commit: group[0]!.commit,
    date: new Date(Math.min(...group.map((c) => c.date.getTime()))),
    hotfix: group.some((c) => hotfix.test(c.name)),
  }));
}

function releasesFrom(
  refs: readonly GitRef[],
  forge: ForgeData | null,
  tag: RegExp,
  hotfix: RegExp,
): { releases: Array<Omit<Release, 'node'>>; tags: number; source: 'github-releases' | 'tags' } {
  const tags = new Map(refs.filter((r) => r.name.startsWith('refs/tags/')).map((r) => [r.name.slice('refs/tags/'.length), r]));
  const published = forge?.releases.filter((r) => !r.prerelease) ?? [];
  const candidates: Candidate[] = published.length
    ? published.map((r) => ({ name: r.tagName, commit: tags.get(r.tagName)?.commit ?? null, date: new Date(r.publishedAt) }))
    : [...tags]
        .filter(([name, ref]) => (tag.test(name) || hotfix.test(name)) && ref.date)
        .map(([name, ref]) => ({ name, commit: ref.commit, date: ref.date! }));
  const releases = groupByCommit(candidates, hotfix).sort((a, b) => a.date.getTime() - b.date.getTime() || (a.name < b.name ? -1 : 1));
  return { releases, tags: candidates.length, source: published.length ? 'github-releases' : 'tags' };
}

/** The lineage of the audited history, widened to the branches that hold release tags it lacks. */
async function lineageFor(
  repo: RepoView,
  graph: CommitGraph,
  refs: readonly GitRef[],
  releases: ReadonlyArray<Omit<Release, 'node'>>,
): Promise<Lineage> {
  const lineage = new Lineage(graph);
  if (!releases.some((r) => r.commit && indexOf(graph, r.commit) < 0)) return lineage;
  // The audited commit is the trunk: only what other branches add is read. Named by its id too, as
  // no branch points at a detached HEAD (a pull request's merge commit in CI, a tag, a past point).
  const trunk = refs.filter((r) => !r.symref && /^refs\/(heads|remotes)\//.test(r.name) && r.commit === repo.commit).map((r) => r.name);
  lineage.add(await repo.unmergedCommits([...trunk, repo.commit]));
  return lineage;
}

const REVERTED = /This reverts commit ([0-9a-f]{7,40})/gi;
/** GitHub's squash-merge subject ends with the pull request's number; a merge commit names it first. */
const SQUASH_SUBJECT = /\(#(\d+)\)\s*$/;
const MERGE_SUBJECT = /^Merge pull request #(\d+)\b/;

interface PullRequestCommits {
  /** Squash merges of pull requests: a "(#N)" subject, authored at the moment it was committed. */
  squashed: Set<number>;
  /** The commit that brought each pull request in, by number. */
  byNumber: Map<number, number>;
}

const PULL_REQUEST_SEARCH = String.raw`\(#[0-9]+\)|^Merge pull request #[0-9]+`;
const REVERT_SEARCH = '^Revert |This reverts commit';

async function pullRequestCommits(search: Promise<readonly CommitMessage[]>, graph: CommitGraph): Promise<PullRequestCommits> {
  const squashed = new Set<number>();
  const byNumber = new Map<number, number>();
  for (const c of await search) {
    const i = indexOf(graph, c.sha);
    if (i < 0) continue;
    const subject = c.message.split('\n', 1)[0]!;
    const squash = SQUASH_SUBJECT.exec(subject);
    const merge = MERGE_SUBJECT.exec(subject);
    const merged = isMerge(graph, i);
    if (merge && merged) byNumber.set(Number(merge[1]), i);
    else if (squash && !merged) {
      byNumber.set(Number(squash[1]), i);
      // Rebase merges keep the author date; a squash merge is authored when it lands.
      if (Math.abs(graph.authorTime[i]! - graph.commitTime[i]!) <= 1) squashed.add(i);
    }
  }
  return { squashed, byNumber };
}

const MESSAGES = {
  ...RECORD_MESSAGES,
  'no-recent-delivery': 'No deployment or release in the last {windowDays} days.',
  'low-tier': "{measure}: {value} is in DORA's {tier} tier.",
  'small-sample':
    'Only {deliveries} {releases} in the last {windowDays} days: the change failure rate and the DORA tier are named from {minSample} (minSample).',
  'lead-time-not-measured': 'Lead time not measured: {why}',
  'restore-not-timed': 'Change failures were found, but no fix release or labelled incident to time the restore.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<DeliveryOptions>({
  meta: {
    id: 'delivery',
    pillar: 'speed',
    description:
      'The four DORA measures: how often you deploy, how long a commit takes to reach production, how often a change fails, how fast you restore.',
    risk: 'high',
    defaultSeverity: 'warn',
    needs: ['history', 'refs'],
    searches: [REVERT_SEARCH, PULL_REQUEST_SEARCH],
    forgeFields: ['releases', 'deployments', 'mergedPullRequests', 'issues'],
    // A documentation project publishes by pushing; its tags mark print editions or helper crates.
    appliesTo: ['service', 'library', 'cli', 'infrastructure'],
    options,
    messages: MESSAGES,
    remediation:
      'Tag every production release (v1.4.2) or record GitHub deployments, ship small changes often, and label production incidents, so lead time, change failure rate and time to restore can be measured and improved.',
    standard: () =>
      'DORA high or elite: deploys at least weekly (daily or on demand at best), commits reach production within a day, at most one change in ten fails, service is restored within a day.',
    firstSteps: [
      'Tag every production release (or record GitHub deployments) so the four measures have data.',
      "Cut the batch size: ship one small change per release rather than a sprint's worth.",
      'Label production incidents and close them when service is back, then review the slowest restore each quarter.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const tag = compile(options.tagPattern, 'tagPattern');
    const hotfix = compile(options.hotfixPattern, 'hotfixPattern');
    const production = compile(options.environments, 'environments');
    const history = repo.history();
    history.catch(() => undefined);
    const [refs, forge] = await Promise.all([repo.refs(), forgeData(repo)]);
    const found = releasesFrom(refs, forge, tag, hotfix);
    const windowStart = now.getTime() - options.windowDays * 86_400_000;
    const inWindow = (d: Date) => d.getTime() > windowStart && d.getTime() <= now.getTime();
    const deployments = (forge?.deployments ?? []).filter(
      (d) => production.test(d.environment) && d.state !== 'failure' && d.state !== 'error',
    );
    // Each message search is a walk of the whole history in a git process of its own: begun as
    // soon as the refs say it will be needed, it runs beside the mining instead of after it.
    const revertSearch = found.releases.length || deployments.length ? repo.searchCommits(REVERT_SEARCH) : null;
    const pullSearch = found.releases.some((r) => inWindow(r.date)) ? repo.searchCommits(PULL_REQUEST_SEARCH) : null;
    for (const search of [revertSearch, pullSearch]) search?.catch(() => undefined);
    const { graph } = await history;
    const findings: Finding[] = [];

    if (!found.releases.length && !deployments.length) {
      return absentOutcome(
        options.whenAbsent,
        {
          what: 'release tags or deployments',
          where: 'a tag on each production release (v1.4.2), or GitHub deployments',
          orElse: 'set tagPattern to the names your release tags use',
        },
        { releases: 0, source: null },
      );
    }
    const lineage = await lineageFor(repo, graph, refs, found.releases);
    const releases: Release[] = found.releases.map((r) => ({ ...r, node: r.commit ? lineage.node(r.commit) : -1 }));
    const windowReleases = releases.map((r, i) => ({ r, i })).filter(({ r }) => inWindow(r.date));

    // Deployment frequency: production deployments when GitHub records them, else releases.
    const deployDates = deployments.length ? deployments.map((d) => new Date(d.createdAt)) : releases.map((r) => r.date);
    const deploysInWindow = deployDates.filter(inWindow).length;
    const deploysPerWeek = round(deploysInWindow / (options.windowDays / 7), 2);

    // Lead time: from a pull request's first commit (GitHub), else from each commit's author
    // date, to the first release that contains it. A squash merge's author date is when it
    // landed, not when work on it began: such changes have no honest start in the history.
    const owner = firstReleaseOf(lineage, releases);
    const shippedIn = (i: number) => (i >= 0 && owner[i]! >= 0 && inWindow(releases[owner[i]!]!.date) ? releases[owner[i]!]! : null);
    const pulls = pullSearch
      ? await pullRequestCommits(pullSearch, graph)
      : { squashed: new Set<number>(), byNumber: new Map<number, number>() };
    const fromPulls: number[] = [];
    for (const pull of forge?.mergedPullRequests ?? []) {
      const release = shippedIn(pulls.byNumber.get(pull.number) ?? -1);
      if (release) fromPulls.push(Math.max(0, (release.date.getTime() - Date.parse(pull.firstCommitAt ?? pull.createdAt)) / 3_600_000));
    }
    const fromAuthors: number[] = [];
    let squashed = 0;
    for (let i = 0; i < owner.length; i++) {
      const release = shippedIn(i);
      if (!release || lineage.isMerge(i)) continue;
      if (pulls.squashed.has(i)) squashed++;
      else fromAuthors.push(Math.max(0, (release.date.getTime() / 1000 - lineage.authorTime(i)) / 3600));
    }
    const changes = fromAuthors.length + squashed;
    let leadFrom: 'pull-requests' | 'author-dates' | null = null;
    let leadNote: string | null = null;
    let leadHours: number[] = [];
    if (fromPulls.length) [leadFrom, leadHours] = ['pull-requests', fromPulls];
    else if (squashed && squashed * 2 >= changes) {
      leadNote = `${squashed} of the ${changes} changes released in the window are squash-merged pull requests, authored when they landed: when work on them began is not in the history, so lead time needs GitHub's pull-request data.`;
    } else if (fromAuthors.length) [leadFrom, leadHours] = ['author-dates', fromAuthors];
    else if (windowReleases.length) leadNote = 'No change reached a release in the window through the history this audit can see.';

    // Change failures: a release followed by a hotfix, or one whose change a later release reverts.
    const failedBy = new Map<number, number>();
    releases.forEach((release, r) => {
      if (release.hotfix && r > 0 && !failedBy.has(r - 1)) failedBy.set(r - 1, r);
    });
    const reverts = await revertSearch!;
    for (const revert of reverts) {
      const at = indexOf(graph, revert.sha);
      const fixedIn = at >= 0 ? owner[at]! : -1;
      for (const match of revert.message.matchAll(REVERTED)) {
        const wanted = match[1]!.toLowerCase();
        const reverted = indexOfPrefix(graph, wanted);
        const shipped = reverted >= 0 ? owner[reverted]! : -1;
        if (shipped >= 0 && (fixedIn < 0 || fixedIn > shipped) && !failedBy.has(shipped)) failedBy.set(shipped, fixedIn);
      }
    }
    const failures = windowReleases.filter(({ i }) => failedBy.has(i));
    const changeFailureRate = windowReleases.length ? round(failures.length / windowReleases.length, 3) : null;

    // Time to restore: labelled incidents on GitHub, else from a failed release to the one that fixed it.
    const labels = new Set(options.incidentLabels.map((l) => l.toLowerCase()));
    const incidents = (forge?.issues ?? []).filter(
      (i) => i.closedAt && i.labels.some((l) => labels.has(l)) && inWindow(new Date(i.createdAt)),
    );
    const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;
    const restoreHours = incidents.length
      ? incidents.map((i) => hoursBetween(new Date(i.createdAt), new Date(i.closedAt!)))
      : failures.flatMap(({ r, i }) => {
          const fix = failedBy.get(i)!;
          return fix >= 0 ? [hoursBetween(r.date, releases[fix]!.date)] : [];
        });

    // A value is a measurement; a tier is a judgement, and needs a sample to stand on.
    const min = options.minSample;
    const values: Partial<Record<Measure, number>> = { deploysPerWeek };
    const leadTime = median(leadHours);
    if (leadTime !== null) values.leadTimeHours = round(leadTime, 1);
    if (changeFailureRate !== null) values.changeFailureRate = changeFailureRate;
    const restore = median(restoreHours);
    if (restore !== null) values.timeToRestoreHours = round(restore, 1);
    const unrated: Partial<Record<Measure, string>> = {};
    if (values.leadTimeHours !== undefined && leadHours.length < min)
      unrated.leadTimeHours = `${leadHours.length} changes measured; ${min} needed`;
    if (changeFailureRate !== null && windowReleases.length < min)
      unrated.changeFailureRate = `${windowReleases.length} releases in the window; ${min} needed`;
    const tiers = Object.fromEntries(
      Object.entries(values)
        .filter(([k]) => !(k in unrated))
        .map(([k, v]) => [k, tierOf(k as Measure, v)]),
    ) as Partial<Record<Measure, Tier>>;
    const points = Object.values(tiers).map((t) => TIER_POINTS[t]);
    const score = points.reduce((s, p) => s + p, 0) / points.length;
    const deliveries = Math.max(deploysInWindow, windowReleases.length);
    const doraTier: Tier | null =
      deliveries < min ? null : score >= 8.75 ? 'elite' : score >= 6.25 ? 'high' : score >= 3.75 ? 'medium' : 'low';
    const doraTierNote = doraTier ? null : `too few releases to rate: ${deliveries} in ${options.windowDays} days, ${min} needed`;

    if (!deploysInWindow) findings.push(say.error('no-recent-delivery', { windowDays: options.windowDays }));
    for (const [measure, tier] of Object.entries(tiers)) {
      if (tier === 'low' || tier === 'medium')
        findings.push(say.warning('low-tier', { measure: LABEL[measure as Measure], value: values[measure as Measure]!, tier }));
    }
    if (deliveries > 0 && deliveries < min) {
      findings.push(
        say.info('small-sample', { deliveries, releases: noun(deliveries, 'release'), windowDays: options.windowDays, minSample: min }),
      );
    }
    if (leadNote && windowReleases.length) findings.push(say.info('lead-time-not-measured', { why: leadNote }));
    if (restore === null && failures.length) findings.push(say.info('restore-not-timed'));
    return {
      score: round(score, 2),
      metrics: {
        source: deployments.length ? 'github-deployments' : found.source,
        releases: releases.length,
        releaseTags: found.tags,
        deploysInWindow,
        deploysPerWeek,
        leadTimeMedianHours: values.leadTimeHours ?? null,
        leadTimeFrom: leadFrom,
        leadTimeNote: leadNote,
        changeFailureRate,
        changeFailures: failures.map(({ r }) => r.name),
        timeToRestoreHours: values.timeToRestoreHours ?? null,
        restoreFrom: incidents.length ? 'incidents' : 'fix-releases',
        sample: {
          releases: windowReleases.length,
          deployments: deployments.length ? deploysInWindow : null,
          changes: leadFrom === 'pull-requests' ? fromPulls.length : changes,
          squashMerged: squashed,
          failures: failures.length,
          restores: restoreHours.length,
        },
        minSample: min,
        tiers,
        unrated,
        doraTier,
        doraTierNote,
      },
      findings,
    };
  },
});

const LABEL: Record<Measure, string> = {
  deploysPerWeek: 'Deploys per week',
  leadTimeHours: 'Median lead time (hours)',
  changeFailureRate: 'Change failure rate',
  timeToRestoreHours: 'Median time to restore (hours)',
};
