import { z } from 'zod';
import { hasMerges, mergeLifetimes } from '../../src/history/graph.ts';
import { defineRule, type Finding, type GitRef, type UnmergedCommit } from '../../src/types.ts';
import { globMatcher } from '../../src/util/glob.ts';
import { median, percentile } from '../../src/util/stats.ts';
import { round } from '../../src/util/time.ts';

const DAY = 86_400;

export const options = z.strictObject({
  maxDays: z.number().positive().default(2).describe('Longest a branch should live before it is merged, in days.'),
  windowDays: z.number().positive().default(90).describe('How far back merges into the default branch are measured, in days.'),
  ignore: z.array(z.string()).default([]).describe('Globs of branch names to leave out, e.g. release/* or gh-pages.'),
  defaultBranch: z.string().min(1).nullable().default(null).describe('The trunk; found from origin/HEAD, then main, master, trunk, develop when null.'),
});
export type BranchLifetimeOptions = z.infer<typeof options>;

interface Branch {
  name: string;
  tips: string[];
}

/** Short branch name of a local or remote-tracking ref, or null for anything else. */
function branchName(ref: GitRef): string | null {
  if (ref.symref) return null;
  if (ref.name.startsWith('refs/heads/')) return ref.name.slice('refs/heads/'.length);
  const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref.name);
  return remote ? remote[1]! : null;
}

/** Oldest author time among the commits of `tips` that the default branch does not reach. */
function oldestUnmerged(tips: readonly string[], unmerged: ReadonlyMap<string, UnmergedCommit>): number | null {
  let oldest: number | null = null;
  const seen = new Set<string>();
  const stack = tips.filter((t) => unmerged.has(t));
  while (stack.length) {
    const sha = stack.pop()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    const commit = unmerged.get(sha)!;
    if (oldest === null || commit.authorTime < oldest) oldest = commit.authorTime;
    for (const p of commit.parents) if (unmerged.has(p) && !seen.has(p)) stack.push(p);
  }
  return oldest;
}

/** Open pull requests and the age of the oldest, from its first commit. */
function openPullRequestAges(pulls: ReadonlyArray<{ createdAt: string; firstCommitAt: string | null }>, nowSeconds: number) {
  const ages = pulls.map((p) => Math.max(0, nowSeconds - Date.parse(p.firstCommitAt ?? p.createdAt) / 1000) / DAY);
  return { openPullRequests: pulls.length, maxOpenPullRequestAgeDays: ages.length ? round(Math.max(...ages), 2) : null };
}

export default defineRule<BranchLifetimeOptions>({
  meta: {
    id: 'branch-lifetime',
    pillar: 'speed',
    description: 'Branches live at most two days before they are merged into the trunk (trunk-based development).',
    risk: 'medium',
    needs: ['refs', 'history'],
    options,
    remediation:
      'Integrate daily: keep branches small enough to merge within two days, hide unfinished work behind feature flags, and delete branches once merged.',
    standard: (o) => `Branches live at most ${o.maxDays} days; everyone integrates into the trunk daily.`,
    firstSteps: [
      'Measure today\'s branch lifetimes (this audit) and set a target of half the current median.',
      'Split work into changes that can merge within a day, hiding unfinished features behind flags.',
      'Delete or merge every branch older than the target, and review pull requests within hours, not days.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const refs = await repo.refs();
    const trunk = options.defaultBranch ?? (await repo.defaultBranch());
    if (!trunk) return { score: null, reason: 'no default branch found; set rules.branch-lifetime.options.defaultBranch', metrics: {}, findings: [] };
    const trunkRefs = refs.filter((r) => branchName(r) === trunk).map((r) => r.name);
    if (!trunkRefs.length) {
      return { score: null, reason: `the default branch '${trunk}' does not exist`, metrics: { defaultBranch: trunk }, findings: [] };
    }
    const ignored = globMatcher(options.ignore);
    const branches = new Map<string, Branch>();
    for (const ref of refs) {
      const name = branchName(ref);
      if (name === null || name === trunk || ignored(name)) continue;
      const branch = branches.get(name) ?? { name, tips: [] };
      branch.tips.push(ref.commit);
      branches.set(name, branch);
    }
    const unmerged = new Map((await repo.unmergedCommits(trunkRefs)).map((c) => [c.sha, c]));
    const nowSeconds = now.getTime() / 1000;
    const active = [...branches.values()]
      .map((b) => ({ name: b.name, oldest: oldestUnmerged(b.tips, unmerged) }))
      .filter((b): b is { name: string; oldest: number } => b.oldest !== null)
      .map((b) => ({ name: b.name, ageDays: round(Math.max(0, nowSeconds - b.oldest) / DAY, 2) }))
      .sort((a, b) => b.ageDays - a.ageDays || (a.name < b.name ? -1 : 1));
    const stale = active.filter((b) => b.ageDays > options.maxDays);

    const history = await repo.history();
    const since = nowSeconds - options.windowDays * DAY;
    // Pull requests see squash and rebase merges too: first commit to merge, whatever the merge style.
    const forge = repo.capabilities.has('forge') ? await repo.forge() : null;
    const fromPulls = forge
      ? forge.mergedPullRequests
          .filter((p) => p.baseRef === trunk)
          .map((p) => ({ mergedAt: Date.parse(p.mergedAt) / 1000, firstCommitAt: Date.parse(p.firstCommitAt ?? p.createdAt) / 1000 }))
      : null;
    const anyMerge = hasMerges(history.graph);
    const merges = (fromPulls ?? mergeLifetimes(history.graph, since)).filter((m) => m.mergedAt >= since && m.mergedAt <= nowSeconds);
    const lifetimes = merges.map((m) => Math.max(0, m.mergedAt - m.firstCommitAt) / DAY);
    const mergedMedian = median(lifetimes);

    const findings: Finding[] = stale.map((b) => ({
      severity: 'warning' as const,
      message: `Branch '${b.name}' has lived ${Math.floor(b.ageDays)} days without being merged (limit ${options.maxDays}).`,
      path: null,
      line: null,
    }));
    if (!fromPulls && !anyMerge) {
      findings.push({ severity: 'info', message: 'The history has no merge commits (squash or rebase merging): merged lifetimes need pull-request data from a forge.', path: null, line: null });
    } else if (!merges.length) {
      findings.push({ severity: 'info', message: `No merges into ${trunk} in the last ${options.windowDays} days.`, path: null, line: null });
    } else if (mergedMedian !== null && mergedMedian > options.maxDays) {
      findings.push({ severity: 'warning', message: `Merged branches lived ${round(mergedMedian, 1)} days (median) before reaching ${trunk}; aim for ${options.maxDays}.`, path: null, line: null });
    }

    const activeShare = active.length ? (active.length - stale.length) / active.length : 1;
    const mergedPart = mergedMedian === null ? null : mergedMedian <= options.maxDays ? 1 : options.maxDays / mergedMedian;
    const score = mergedPart === null ? activeShare * 10 : activeShare * 5 + mergedPart * 5;
    const ages = active.map((b) => b.ageDays);
    return {
      score: round(score, 2),
      metrics: {
        defaultBranch: trunk,
        activeBranches: active.length,
        medianActiveAgeDays: ages.length ? round(median(ages)!, 2) : null,
        p90ActiveAgeDays: percentile(ages, 90),
        maxActiveAgeDays: ages[0] ?? null,
        staleBranches: stale.length,
        stale: stale.map((b) => b.name),
        merges: merges.length,
        mergedFrom: fromPulls ? 'pull-requests' : 'merge-commits',
        mergedMedianLifetimeDays: mergedMedian === null ? null : round(mergedMedian, 2),
        mergedP90LifetimeDays: lifetimes.length ? round(percentile(lifetimes, 90)!, 2) : null,
        historyHasMerges: anyMerge,
        ...(forge && openPullRequestAges(forge.openPullRequests, nowSeconds)),
      },
      findings,
    };
  },
});
