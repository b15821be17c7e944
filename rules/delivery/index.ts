import { z } from 'zod';
import { commitIndex } from '../../src/history/graph.ts';
import { defineRule, type CommitGraph, type Finding, type ForgeData, type GitRef } from '../../src/types.ts';
import { absentOutcome, whenAbsentOption } from '../../src/util/records.ts';
import { median } from '../../src/util/stats.ts';
import { round } from '../../src/util/time.ts';

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

export function tierOf(measure: keyof typeof TIERS, value: number): Tier {
  const bounds = TIERS[measure];
  const better = measure === 'deploysPerWeek' ? (bound: number) => value >= bound : (bound: number) => value <= bound;
  return better(bounds.elite) ? 'elite' : better(bounds.high) ? 'high' : better(bounds.medium) ? 'medium' : 'low';
}

const validRegex = (pattern: string) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};
const regex = (fallback: string, description: string) => z.string().refine(validRegex, { message: 'not a valid regular expression' }).default(fallback).describe(description);

export const options = z.strictObject({
  tagPattern: regex(String.raw`^(?:[\w.-]+[@/])?v?\d+\.\d+(?:\.\d+)?$`, 'Regular expression of the tag names that mark a release (pre-releases such as v1.2.0-rc.1 are left out by default).'),
  hotfixPattern: regex('hotfix', 'Regular expression of tag names that mark a hotfix release (a change failure of the release before it).'),
  windowDays: z.number().int().positive().default(90).describe('Days of history the four measures look back over.'),
  environments: regex('^prod', 'Regular expression of the GitHub deployment environments that are production.'),
  incidentLabels: z.array(z.string()).default(['incident', 'outage', 'sev1', 'sev-1', 'p0']).describe('Issue labels that mark a production incident (GitHub), for the time to restore.'),
  whenAbsent: whenAbsentOption('release tags or deployments'),
});
export type DeliveryOptions = z.infer<typeof options>;

interface Release {
  name: string;
  /** Graph index of the tagged commit, or -1 when the audited history does not contain it. */
  index: number;
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

/** For every commit, the first release (by date) that contains it, or -1. */
function firstReleaseOf(graph: CommitGraph, releases: readonly Release[]): Int32Array {
  const owner = new Int32Array(graph.shas.length).fill(-1);
  releases.forEach((release, r) => {
    const stack = release.index >= 0 && owner[release.index] === -1 ? [release.index] : [];
    while (stack.length) {
      const i = stack.pop()!;
      if (i < 0 || owner[i] !== -1) continue;
      owner[i] = r;
      for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) stack.push(graph.parentIndex[k]!);
    }
  });
  return owner;
}

function releasesFrom(refs: readonly GitRef[], forge: ForgeData | null, graph: CommitGraph, tag: RegExp, hotfix: RegExp): { releases: Release[]; source: 'github-releases' | 'tags' } {
  const tags = new Map(refs.filter((r) => r.name.startsWith('refs/tags/')).map((r) => [r.name.slice('refs/tags/'.length), r]));
  const published = forge?.releases.filter((r) => !r.prerelease) ?? [];
  const source = published.length ? 'github-releases' : 'tags';
  const list: Release[] = published.length
    ? published.map((r) => ({ name: r.tagName, index: tags.has(r.tagName) ? commitIndex(graph, tags.get(r.tagName)!.commit) : -1, date: new Date(r.publishedAt), hotfix: hotfix.test(r.tagName) }))
    : [...tags]
        .filter(([name, ref]) => (tag.test(name) || hotfix.test(name)) && ref.date)
        .map(([name, ref]) => ({ name, index: commitIndex(graph, ref.commit), date: ref.date!, hotfix: hotfix.test(name) }));
  return { releases: list.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.name < b.name ? -1 : 1)), source };
}

const REVERTED = /This reverts commit ([0-9a-f]{7,40})/gi;

export default defineRule<DeliveryOptions>({
  meta: {
    id: 'delivery',
    pillar: 'speed',
    description: 'The four DORA measures: how often you deploy, how long a commit takes to reach production, how often a change fails, how fast you restore.',
    risk: 'high',
    needs: ['history', 'refs'],
    options,
    remediation:
      'Tag every production release (v1.4.2) or record GitHub deployments, ship small changes often, and label production incidents, so lead time, change failure rate and time to restore can be measured and improved.',
    standard: () => 'DORA high or elite: deploys at least weekly (daily or on demand at best), commits reach production within a day, at most one change in ten fails, service is restored within a day.',
    firstSteps: [
      'Tag every production release (or record GitHub deployments) so the four measures have data.',
      'Cut the batch size: ship one small change per release rather than a sprint\'s worth.',
      'Label production incidents and close them when service is back, then review the slowest restore each quarter.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const tag = compile(options.tagPattern, 'tagPattern');
    const hotfix = compile(options.hotfixPattern, 'hotfixPattern');
    const production = compile(options.environments, 'environments');
    const [refs, forge, { graph }] = await Promise.all([repo.refs(), repo.forge(), repo.history()]);
    const { releases, source } = releasesFrom(refs, forge, graph, tag, hotfix);
    const windowStart = now.getTime() - options.windowDays * 86_400_000;
    const inWindow = (d: Date) => d.getTime() > windowStart && d.getTime() <= now.getTime();
    const deployments = (forge?.deployments ?? []).filter((d) => production.test(d.environment) && d.state !== 'failure' && d.state !== 'error');
    const findings: Finding[] = [];

    if (!releases.length && !deployments.length) {
      return absentOutcome(options.whenAbsent, { what: 'release tags or deployments', where: 'a tag on each production release (v1.4.2), or GitHub deployments', orElse: 'set tagPattern to the names your release tags use' }, { releases: 0, source: null });
    }

    // Deployment frequency: production deployments when GitHub records them, else releases.
    const deployDates = deployments.length ? deployments.map((d) => new Date(d.createdAt)) : releases.map((r) => r.date);
    const deploysInWindow = deployDates.filter(inWindow).length;
    const deploysPerWeek = round(deploysInWindow / (options.windowDays / 7), 2);

    // Lead time: from each commit's author date to the first release that contains it.
    const owner = firstReleaseOf(graph, releases);
    const leadHours: number[] = [];
    for (let i = 0; i < owner.length; i++) {
      const r = owner[i]!;
      const isMerge = graph.parentStart[i + 1]! - graph.parentStart[i]! > 1;
      if (r < 0 || isMerge || !inWindow(releases[r]!.date)) continue;
      leadHours.push(Math.max(0, (releases[r]!.date.getTime() / 1000 - graph.authorTime[i]!) / 3600));
    }

    // Change failures: a release followed by a hotfix, or one whose change a later release reverts.
    const failedBy = new Map<number, number>();
    releases.forEach((release, r) => {
      if (release.hotfix && r > 0 && !failedBy.has(r - 1)) failedBy.set(r - 1, r);
    });
    const reverts = await repo.searchCommits('^Revert |This reverts commit');
    for (const revert of reverts) {
      const at = commitIndex(graph, revert.sha);
      const fixedIn = at >= 0 ? owner[at]! : -1;
      for (const match of revert.message.matchAll(REVERTED)) {
        const wanted = match[1]!.toLowerCase();
        const reverted = wanted.length === 40 ? commitIndex(graph, wanted) : graph.shas.findIndex((sha) => sha.startsWith(wanted));
        const shippedIn = reverted >= 0 ? owner[reverted]! : -1;
        if (shippedIn >= 0 && (fixedIn < 0 || fixedIn > shippedIn) && !failedBy.has(shippedIn)) failedBy.set(shippedIn, fixedIn);
      }
    }
    const windowReleases = releases.map((r, i) => ({ r, i })).filter(({ r }) => inWindow(r.date));
    const failures = windowReleases.filter(({ i }) => failedBy.has(i));
    const changeFailureRate = windowReleases.length ? round(failures.length / windowReleases.length, 3) : null;

    // Time to restore: labelled incidents on GitHub, else from a failed release to the one that fixed it.
    const labels = new Set(options.incidentLabels.map((l) => l.toLowerCase()));
    const incidents = (forge?.issues ?? []).filter((i) => i.closedAt && i.labels.some((l) => labels.has(l)) && inWindow(new Date(i.createdAt)));
    const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;
    const restoreHours = incidents.length
      ? incidents.map((i) => hoursBetween(new Date(i.createdAt), new Date(i.closedAt!)))
      : failures.flatMap(({ r, i }) => {
          const fix = failedBy.get(i)!;
          return fix >= 0 ? [hoursBetween(r.date, releases[fix]!.date)] : [];
        });

    const measures: Partial<Record<keyof typeof TIERS, number>> = { deploysPerWeek };
    const leadTime = median(leadHours);
    if (leadTime !== null) measures.leadTimeHours = round(leadTime, 1);
    if (changeFailureRate !== null) measures.changeFailureRate = changeFailureRate;
    const restore = median(restoreHours);
    if (restore !== null) measures.timeToRestoreHours = round(restore, 1);
    const tiers = Object.fromEntries(Object.entries(measures).map(([k, v]) => [k, tierOf(k as keyof typeof TIERS, v)])) as Record<string, Tier>;
    const score = Object.values(tiers).reduce((s, t) => s + TIER_POINTS[t], 0) / Object.values(tiers).length;
    const doraTier: Tier = score >= 8.75 ? 'elite' : score >= 6.25 ? 'high' : score >= 3.75 ? 'medium' : 'low';

    if (!deploysInWindow) findings.push({ severity: 'error', message: `No deployment or release in the last ${options.windowDays} days.`, path: null, line: null });
    for (const [measure, tier] of Object.entries(tiers)) {
      if (tier === 'low' || tier === 'medium') findings.push({ severity: 'warning', message: `${LABEL[measure as keyof typeof TIERS]}: ${measures[measure as keyof typeof TIERS]} is in DORA's ${tier} tier.`, path: null, line: null });
    }
    if (restore === null && failures.length) findings.push({ severity: 'info', message: 'Change failures were found, but no fix release or labelled incident to time the restore.', path: null, line: null });
    return {
      score: round(score, 2),
      metrics: {
        source: deployments.length ? 'github-deployments' : source,
        releases: releases.length,
        deploysInWindow,
        deploysPerWeek,
        leadTimeMedianHours: measures.leadTimeHours ?? null,
        changeFailureRate,
        changeFailures: failures.map(({ r }) => r.name),
        timeToRestoreHours: measures.timeToRestoreHours ?? null,
        restoreFrom: incidents.length ? 'incidents' : 'fix-releases',
        tiers,
        doraTier,
      },
      findings,
    };
  },
});

const LABEL: Record<keyof typeof TIERS, string> = {
  deploysPerWeek: 'Deploys per week',
  leadTimeHours: 'Median lead time (hours)',
  changeFailureRate: 'Change failure rate',
  timeToRestoreHours: 'Median time to restore (hours)',
};
