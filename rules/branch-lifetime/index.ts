import {
  findingsFrom,
  firstParent,
  forgeData,
  forgeKnows,
  globMatcher,
  hasMerges,
  indexOf,
  isMerge,
  median,
  mergeLifetimes,
  parents,
  percentile,
  plural,
  reachable,
  round,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type GitRef } from '../../src/types.ts';
import { Commits, oldestBroughtIn, walkUnmerged } from './history.ts';
import { deployTriggers, kindByName, RELEASE_TAG, type LineKind } from './lines.ts';

const DAY = 86_400;
/**
 * A branch whose own first-parent line is merges, at least this many and three in four of its
 * commits, is an integration line (git's next, seen, test): a feature branch that merges the
 * trunk or a sibling now and then is not.
 */
const INTEGRATION_MERGES = 5;
const INTEGRATION_SHARE = 0.75;
/** Fewer commits than this landing on a line in the window say nothing about where work lands. */
const MIN_LANDINGS = 3;
/** How many stale branches the findings name, oldest first; one more finding sums up the rest. */
const NAMED_STALE = 5;

export const options = z.strictObject({
  maxDays: z.number().positive().default(2).describe('Longest a branch should live before it is merged, in days.'),
  windowDays: z.number().positive().default(90).describe('How far back merges into the trunk are measured, in days.'),
  ignore: z.array(z.string()).default([]).describe('Globs of branch names to leave out altogether.'),
  defaultBranch: z
    .string()
    .min(1)
    .nullable()
    .default(null)
    .describe(
      'The trunk; when null, the default branch (origin/HEAD, then main, master, trunk, develop), or the integration line it is fed from.',
    ),
  maintenanceBranches: z
    .array(z.string())
    .default([])
    .describe('Globs of more maintenance (release or support) lines, besides those told by name and release tags.'),
  integrationBranches: z
    .array(z.string())
    .default([])
    .describe('Globs of more integration lines (dev, next, staging …), besides those told by name and merges.'),
  deployBranches: z
    .array(z.string())
    .default([])
    .describe('Globs of more deploy or publishing lines, besides gh-pages and those a workflow deploys from.'),
  featureBranches: z
    .array(z.string())
    .default([])
    .describe('Globs of branches always measured as feature branches, whatever their name or history says.'),
});
export type BranchLifetimeOptions = z.infer<typeof options>;

interface Branch {
  name: string;
  tips: string[];
}

interface Line {
  kind: LineKind;
  why: string;
}

/** A local branch's name, or a remote-tracking ref's name after its remote; null for other refs. */
function shortName(ref: string): string | null {
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref);
  return remote ? remote[1]! : null;
}

/** Local branches and remote-tracking refs, one entry per name; symbolic refs left out. */
function branchesOf(refs: readonly GitRef[]): Map<string, Branch> {
  const byName = new Map<string, Branch>();
  const seenAs = new Map<string, Array<{ full: string; commit: string }>>();
  for (const ref of refs) {
    if (ref.symref) continue;
    let name: string;
    let full: string | null = null;
    if (ref.name.startsWith('refs/heads/')) name = ref.name.slice('refs/heads/'.length);
    else if (ref.name.startsWith('refs/remotes/')) {
      full = ref.name.slice('refs/remotes/'.length);
      const slash = full.indexOf('/');
      if (slash < 0) continue;
      name = full.slice(slash + 1);
    } else continue;
    const branch = byName.get(name) ?? { name, tips: [] };
    if (!branch.tips.includes(ref.commit)) branch.tips.push(ref.commit);
    byName.set(name, branch);
    seenAs.set(name, [...(seenAs.get(name) ?? []), { full: full ?? '', commit: ref.commit }]);
  }
  // refs/remotes/pr/1243 is branch 1243 of a remote "pr", or the branch pr/1243 seen a second
  // time: when the path after refs/remotes/ is another branch's name, at the same commit, it is that branch.
  for (const [name, seen] of seenAs) {
    if (seen.some((s) => !s.full)) continue;
    if (seen.every((s) => byName.get(s.full)?.tips.includes(s.commit) && s.full !== name)) byName.delete(name);
  }
  return byName;
}

/** Open pull requests and the age of the oldest, from its first commit. */
function openPullRequestAges(pulls: ReadonlyArray<{ createdAt: string; firstCommitAt: string | null }>, nowSeconds: number) {
  const ages = pulls.map((p) => Math.max(0, nowSeconds - Date.parse(p.firstCommitAt ?? p.createdAt) / 1000) / DAY);
  return { openPullRequests: pulls.length, maxOpenPullRequestAgeDays: ages.length ? round(Math.max(...ages), 2) : null };
}

const groupOf = (name: string) => (name.includes('/') ? `${name.slice(0, name.indexOf('/'))}/*` : '(no prefix)');

/** Branch counts per name prefix (`dependabot/*`), largest first. */
function groups(names: readonly string[]): Array<{ group: string; branches: number }> {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(groupOf(n), (counts.get(groupOf(n)) ?? 0) + 1);
  return [...counts]
    .map(([group, branches]) => ({ group, branches }))
    .sort((a, b) => b.branches - a.branches || (a.group < b.group ? -1 : 1));
}

const isoDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

interface TrunkChoice {
  name: string;
  own: number;
  onDefault: number;
  until: number;
}

/**
 * The integration line work lands on, when it is not the default branch: a candidate whose
 * first-parent line holds more commits the default branch lacks, in the window before the newest
 * of the two tips, than the default branch holds that it lacks, and that the default branch
 * merges (a merge within the last year whose merged parent lies on its first-parent line).
 */
function integrationTrunk(commits: Commits, defaultTip: string, candidates: readonly Branch[], windowDays: number): TrunkChoice | null {
  const g = commits.graph;
  const d = indexOf(g, defaultTip);
  if (d < 0) return null;
  let best: TrunkChoice | null = null;
  for (const c of candidates) {
    const tip = c.tips.filter((t) => commits.unmerged.has(t)).sort((a, b) => commits.get(b)!.time - commits.get(a)!.time)[0];
    if (!tip) continue;
    const until = Math.max(g.commitTime[d]!, commits.get(tip)!.time);
    const since = until - windowDays * DAY;
    const horizon = until - 365 * DAY;
    const chain = [...commits.firstParents(tip, horizon)];
    const own = chain.filter((x) => commits.unmerged.has(x.sha) && x.node.time >= since).length;
    if (own < MIN_LANDINGS || (best && own <= best.own)) continue;
    const boundary: number[] = [];
    walkUnmerged(
      [tip],
      commits.unmerged,
      () => false,
      (u) => {
        for (const p of u.parents) if (!commits.unmerged.has(p)) boundary.push(indexOf(g, p));
      },
    );
    const reach = reachable(g, boundary);
    const onChain = new Set(chain.map((x) => x.sha));
    let onDefault = 0;
    let fed = false;
    for (let i = d; i >= 0 && g.commitTime[i]! >= horizon; i = firstParent(g, i)) {
      if (g.commitTime[i]! >= since && !reach[i]) onDefault++;
      if (isMerge(g, i)) for (const p of parents(g, i).slice(1)) if (onChain.has(g.shas[p] ?? '')) fed = true;
    }
    if (fed && own > onDefault) best = { name: c.name, own, onDefault, until };
  }
  return best;
}

const MESSAGES = {
  'trunk-from-pull-requests':
    '{count} of the last {pulls} merged pull requests went into {trunk}, not {defaultBranch}: {trunk} is taken as the trunk; set defaultBranch to choose another.',
  'trunk-from-merges':
    'Work lands on {trunk} ({own} commits on its first-parent line that {defaultBranch} lacks, in the {windowDays} days to {until}, against {onDefault} on {defaultBranch}), and {defaultBranch} merges it, so {trunk} is taken as the trunk; set defaultBranch to choose another.',
  'stale-branch': "Branch '{branch}' has lived {days} days without being merged (limit {maxDays}).",
  'more-stale-branches': 'And {more}, {youngest} to {oldest} days old.',
  'more-stale-branches-grouped': 'And {more} ({groups}), {youngest} to {oldest} days old.',
  'long-lived-lines':
    'Long-lived lines are not measured as feature branches: {lines}. Name branches in featureBranches to measure them, or in maintenanceBranches, integrationBranches or deployBranches to leave more out.',
  'no-merge-commits': 'The history has no merge commits (squash or rebase merging): merged lifetimes need pull-request data from a forge.',
  'landed-without-merges':
    '{commits} landed on {trunk} in the last {windowDays} days without merge commits (squash or rebase merging): how long their branches lived needs pull-request data from a forge (audit github:<owner>/<name>).',
  'no-recent-merges': 'No merges into {trunk} in the last {windowDays} days.',
  'long-merged-lifetime': 'Merged branches lived {days} days (median) before reaching {trunk}; aim for {maxDays}.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<BranchLifetimeOptions>({
  meta: {
    id: 'branch-lifetime',
    pillar: 'speed',
    description: 'Branches live at most two days before they are merged into the trunk (trunk-based development).',
    risk: 'medium',
    needs: ['refs', 'history'],
    forgeFields: ['mergedPullRequests'],
    options,
    messages: MESSAGES,
    remediation:
      'Integrate daily: keep branches small enough to merge within two days, hide unfinished work behind feature flags, and delete branches once merged.',
    standard: (o) => `Branches live at most ${o.maxDays} days; everyone integrates into the trunk daily.`,
    firstSteps: [
      "Measure today's branch lifetimes (this audit) and set a target of half the current median.",
      'Split work into changes that can merge within a day, hiding unfinished features behind flags.',
      'Delete or merge every branch older than the target, and review pull requests within hours, not days.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const refs = await repo.refs();
    const defaultBranch = options.defaultBranch ?? (await repo.defaultBranch());
    if (!defaultBranch)
      return { score: null, reason: 'no default branch found; set rules.branch-lifetime.options.defaultBranch', metrics: {}, findings: [] };
    const branches = branchesOf(refs);
    const defaultLine = branches.get(defaultBranch);
    if (!defaultLine) {
      return { score: null, reason: `the default branch '${defaultBranch}' does not exist`, metrics: { defaultBranch }, findings: [] };
    }
    const defaultRefs = refs.filter((r) => !r.symref && shortName(r.name) === defaultBranch).map((r) => r.name);
    const [unmergedList, history] = await Promise.all([repo.unmergedCommits(defaultRefs), repo.history()]);
    const unmerged = new Map(unmergedList.map((c) => [c.sha, c]));
    const commits = new Commits(history.graph, unmerged);
    const nowSeconds = now.getTime() / 1000;

    const ignored = globMatcher(options.ignore);
    const asFeature = globMatcher(options.featureBranches);
    const byOption: Array<[LineKind, string, (name: string) => boolean]> = [
      ['maintenance', 'maintenanceBranches', globMatcher(options.maintenanceBranches)],
      ['integration', 'integrationBranches', globMatcher(options.integrationBranches)],
      ['deploy', 'deployBranches', globMatcher(options.deployBranches)],
    ];
    const candidates = [...branches.values()]
      .filter((b) => b.name !== defaultBranch && !ignored(b.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const triggers = repo.capabilities.has('files') ? await deployTriggers(repo, await repo.files()) : [];

    // Long-lived lines, first by what the configuration, the workflows and the name say…
    const lines = new Map<string, Line>();
    for (const b of candidates) {
      if (asFeature(b.name)) continue;
      const option = byOption.find(([, , matches]) => matches(b.name));
      const trigger = triggers.find((t) => t.matches.test(b.name));
      const named = kindByName(b.name);
      if (option) lines.set(b.name, { kind: option[0], why: `option ${option[1]}` });
      else if (trigger) lines.set(b.name, { kind: 'deploy', why: `deployed on push by ${trigger.path}` });
      else if (named) lines.set(b.name, { kind: named, why: 'name' });
    }
    const closure = (tips: readonly string[]) => {
      const held = new Set<string>();
      walkUnmerged(
        tips,
        unmerged,
        () => false,
        (c) => held.add(c.sha),
      );
      return held;
    };
    const heldByNamed = closure(candidates.filter((b) => lines.has(b.name)).flatMap((b) => b.tips));

    // …then by what the branch's own commits show: history unrelated to the trunk, a release tag,
    // merges of other branches. Evidence belongs to the smallest branch that holds it, so a
    // branch based on a release line is not taken for the line itself.
    const releaseTags = new Map<string, string>();
    for (const ref of refs) {
      const tag = ref.name.startsWith('refs/tags/') ? ref.name.slice('refs/tags/'.length) : null;
      if (tag && RELEASE_TAG.test(tag) && unmerged.has(ref.commit) && !releaseTags.has(ref.commit)) releaseTags.set(ref.commit, tag);
    }
    const walks = candidates
      .filter((b) => !lines.has(b.name) && !asFeature(b.name))
      .map((b) => {
        const own: string[] = [];
        walkUnmerged(
          b.tips,
          unmerged,
          (sha) => heldByNamed.has(sha),
          (c) => own.push(c.sha),
        );
        return { branch: b, own };
      })
      .sort((a, b) => a.own.length - b.own.length || (a.branch.name < b.branch.name ? -1 : 1));
    // A branch merged into another (its tip a merged parent of another's merge) is work on that
    // branch, not the line, even when it holds fewer commits: it comes last. A branch based on
    // another reaches that one's tip through first parents, which says nothing.
    const tipsOf = new Map<string, string[]>();
    for (const { branch } of walks) for (const t of branch.tips) tipsOf.set(t, [...(tipsOf.get(t) ?? []), branch.name]);
    const merged = new Set<string>();
    for (const { branch, own } of walks) {
      for (const sha of own)
        for (const p of unmerged.get(sha)!.parents.slice(1))
          for (const name of tipsOf.get(p) ?? []) if (name !== branch.name) merged.add(name);
    }
    walks.sort((a, b) => Number(merged.has(a.branch.name)) - Number(merged.has(b.branch.name)));
    const trunkLine = new Set<number>();
    const graph = history.graph;
    for (
      let i = indexOf(graph, defaultLine.tips.find((t) => indexOf(graph, t) >= 0) ?? '');
      i >= 0 && !trunkLine.has(i);
      i = firstParent(graph, i)
    )
      trunkLine.add(i);
    const onTrunkLine = (sha: string) => trunkLine.has(indexOf(history.graph, sha));
    const claimed = new Set<string>();
    for (const { branch, own } of walks) {
      let root = false;
      let tag: string | null = null;
      for (const sha of own) {
        if (claimed.has(sha)) continue;
        const c = unmerged.get(sha)!;
        if (c.parents.length === 0) root = true;
        if (releaseTags.has(sha)) tag ??= releaseTags.get(sha)!;
      }
      let line = 0;
      let merges = 0;
      const tip = branch.tips.find((t) => unmerged.has(t) && !heldByNamed.has(t));
      for (const { sha, node } of tip ? commits.firstParents(tip, -Infinity) : []) {
        if (!unmerged.has(sha) || heldByNamed.has(sha)) break;
        if (claimed.has(sha)) continue;
        line++;
        // A merge of the trunk into the branch (keeping it up to date) brings in a commit of the
        // trunk's first-parent line, and integrates nothing; a topic merged here and since merged
        // into the trunk too is off that line.
        if (node.parents.slice(1).some((p) => unmerged.has(p) || !onTrunkLine(p))) merges++;
      }
      for (const sha of own) {
        const c = unmerged.get(sha)!;
        if (c.parents.length !== 1 || releaseTags.has(sha)) claimed.add(sha);
      }
      if (root) lines.set(branch.name, { kind: 'unrelated', why: 'history unrelated to the trunk' });
      else if (tag) lines.set(branch.name, { kind: 'maintenance', why: `release tag ${tag}` });
      else if (merges >= INTEGRATION_MERGES && merges >= INTEGRATION_SHARE * line)
        lines.set(branch.name, { kind: 'integration', why: `merges on ${merges} of its ${line} first-parent commits` });
    }

    // The trunk: the option, else the default branch, unless work lands on an integration line
    // the default branch is fed from (pull requests' base on a forge; merges otherwise).
    const forge = await forgeData(repo);
    let trunk = defaultBranch;
    let trunkFrom: 'option' | 'default-branch' | 'pull-requests' | 'merges' = options.defaultBranch ? 'option' : 'default-branch';
    const findings: Finding[] = [];
    const notes: Finding[] = [];
    if (!options.defaultBranch) {
      const pulls = forge?.mergedPullRequests ?? [];
      const bases = new Map<string, number>();
      for (const p of pulls) bases.set(p.baseRef, (bases.get(p.baseRef) ?? 0) + 1);
      const [base, count] = [...bases].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
      if (base && base !== defaultBranch && branches.has(base) && count * 2 > pulls.length && pulls.length >= 5) {
        trunk = base;
        trunkFrom = 'pull-requests';
        notes.push(say.info('trunk-from-pull-requests', { count, pulls: pulls.length, trunk: base, defaultBranch }));
      } else if (!forge) {
        const defaultTip = defaultLine.tips.find((t) => indexOf(history.graph, t) >= 0);
        const choice = defaultTip
          ? integrationTrunk(
              commits,
              defaultTip,
              candidates.filter((b) => lines.get(b.name)?.kind === 'integration'),
              options.windowDays,
            )
          : null;
        if (choice) {
          trunk = choice.name;
          trunkFrom = 'merges';
          notes.push(
            say.info('trunk-from-merges', {
              trunk,
              own: choice.own,
              defaultBranch,
              windowDays: options.windowDays,
              until: isoDay(choice.until),
              onDefault: choice.onDefault,
            }),
          );
        }
      }
    }
    lines.delete(trunk);
    const trunkBranch = branches.get(trunk)!;

    // Work that any long-lived line (or the trunk) holds is merged; a feature branch's age runs
    // from its oldest commit that none of them holds.
    const held = closure([
      ...candidates.filter((b) => lines.has(b.name)).flatMap((b) => b.tips),
      ...(trunk === defaultBranch ? [] : trunkBranch.tips),
    ]);
    const active = candidates
      .filter((b) => !lines.has(b.name) && b.name !== trunk)
      .map((b) => {
        let oldest: number | null = null;
        walkUnmerged(
          b.tips,
          unmerged,
          (sha) => held.has(sha),
          (c) => {
            if (oldest === null || c.authorTime < oldest) oldest = c.authorTime;
          },
        );
        return { name: b.name, oldest: oldest as number | null };
      })
      .filter((b): b is { name: string; oldest: number } => b.oldest !== null)
      .map((b) => ({ name: b.name, ageDays: round(Math.max(0, nowSeconds - b.oldest) / DAY, 2) }))
      .sort((a, b) => b.ageDays - a.ageDays || (a.name < b.name ? -1 : 1));
    const stale = active.filter((b) => b.ageDays > options.maxDays);

    // Merged lifetimes: pull requests into the trunk when a forge knows them (squash and rebase
    // merges too), else the merge commits on the trunk's first-parent line in the window.
    const since = nowSeconds - options.windowDays * DAY;
    const fromPulls = forge
      ? forge.mergedPullRequests
          .filter((p) => p.baseRef === trunk)
          .map((p) => ({ mergedAt: Date.parse(p.mergedAt) / 1000, firstCommitAt: Date.parse(p.firstCommitAt ?? p.createdAt) / 1000 }))
      : null;
    const anyMerge = hasMerges(history.graph);
    let fromMerges: Array<{ mergedAt: number; firstCommitAt: number }>;
    let landedWithoutMerge = 0;
    if (trunk === defaultBranch) {
      fromMerges = mergeLifetimes(history.graph, since);
      const g = history.graph;
      for (let i = g.shas.length ? 0 : -1; i >= 0 && g.commitTime[i]! >= since; i = firstParent(g, i)) {
        if (!isMerge(g, i) && g.commitTime[i]! <= nowSeconds) landedWithoutMerge++;
      }
    } else {
      fromMerges = [];
      const tip = [...trunkBranch.tips].sort((a, b) => (commits.get(b)?.time ?? 0) - (commits.get(a)?.time ?? 0))[0]!;
      for (const { sha, node } of commits.firstParents(tip, since)) {
        if (node.time > nowSeconds) continue;
        if (node.parents.length <= 1) {
          landedWithoutMerge++;
          continue;
        }
        const first = oldestBroughtIn(commits, sha);
        if (first !== null) fromMerges.push({ mergedAt: node.time, firstCommitAt: first });
      }
    }
    const merges = (fromPulls ?? fromMerges).filter((m) => m.mergedAt >= since && m.mergedAt <= nowSeconds);
    const lifetimes = merges.map((m) => Math.max(0, m.mergedAt - m.firstCommitAt) / DAY);
    const mergedMedian = median(lifetimes);

    for (const b of stale.slice(0, NAMED_STALE)) {
      findings.push(say.warning('stale-branch', { branch: b.name, days: Math.floor(b.ageDays), maxDays: options.maxDays }));
    }
    const rest = stale.slice(NAMED_STALE);
    if (rest.length) {
      const named = groups(rest.map((b) => b.name))
        .filter((g) => g.branches >= 2 && g.group !== '(no prefix)')
        .slice(0, 4);
      const others = rest.length - named.reduce((n, g) => n + g.branches, 0);
      const parts = [...named.map((g) => `${g.group} ${g.branches}`), ...(named.length && others ? [plural(others, 'other')] : [])];
      const ages = rest.map((b) => Math.floor(b.ageDays));
      const more = plural(rest.length, 'more stale branch', 'more stale branches');
      const span = { more, youngest: Math.min(...ages), oldest: Math.max(...ages) };
      findings.push(
        parts.length
          ? say.warning('more-stale-branches-grouped', { ...span, groups: parts.join(', ') })
          : say.warning('more-stale-branches', span),
      );
    }
    findings.push(...notes);
    const kinds: LineKind[] = ['maintenance', 'integration', 'deploy', 'unrelated'];
    const longLived = [...lines]
      .map(([name, line]) => ({ name, kind: line.kind, why: line.why }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (longLived.length) {
      const parts = kinds
        .map((k) => longLived.filter((l) => l.kind === k).map((l) => l.name))
        .map((names, i) =>
          names.length ? `${names.length} ${kinds[i]} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})` : '',
        )
        .filter(Boolean);
      findings.push(say.info('long-lived-lines', { lines: parts.join('; ') }));
    }
    if (!fromPulls && !anyMerge) {
      findings.push(say.info('no-merge-commits'));
    } else if (!merges.length && !fromPulls && landedWithoutMerge > 0) {
      findings.push(
        say.info('landed-without-merges', { commits: plural(landedWithoutMerge, 'commit'), trunk, windowDays: options.windowDays }),
      );
    } else if (!merges.length) {
      findings.push(say.info('no-recent-merges', { trunk, windowDays: options.windowDays }));
    } else if (mergedMedian !== null && mergedMedian > options.maxDays) {
      findings.push(say.warning('long-merged-lifetime', { days: round(mergedMedian, 1), trunk, maxDays: options.maxDays }));
    }

    const activeShare = active.length ? (active.length - stale.length) / active.length : 1;
    const mergedPart = mergedMedian === null ? null : mergedMedian <= options.maxDays ? 1 : options.maxDays / mergedMedian;
    const score = mergedPart === null ? activeShare * 10 : activeShare * 5 + mergedPart * 5;
    const ages = active.map((b) => b.ageDays);
    const count = (k: LineKind) => longLived.filter((l) => l.kind === k).length;
    return {
      score: round(score, 2),
      metrics: {
        defaultBranch,
        trunk,
        trunkFrom,
        activeBranches: active.length,
        medianActiveAgeDays: ages.length ? round(median(ages)!, 2) : null,
        p90ActiveAgeDays: percentile(ages, 90),
        maxActiveAgeDays: ages[0] ?? null,
        staleBranches: stale.length,
        stale: stale.map((b) => b.name),
        staleGroups: groups(stale.map((b) => b.name)),
        maintenanceBranches: count('maintenance'),
        integrationBranches: count('integration'),
        deployBranches: count('deploy'),
        unrelatedBranches: count('unrelated'),
        longLived,
        merges: merges.length,
        landedWithoutMerge,
        mergedFrom: fromPulls ? 'pull-requests' : 'merge-commits',
        mergedMedianLifetimeDays: mergedMedian === null ? null : round(mergedMedian, 2),
        mergedP90LifetimeDays: lifetimes.length ? round(percentile(lifetimes, 90)!, 2) : null,
        historyHasMerges: anyMerge,
        ...(forge && forgeKnows(forge, 'openPullRequests') && openPullRequestAges(forge.openPullRequests, nowSeconds)),
      },
      findings,
    };
  },
});
