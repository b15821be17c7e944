/**
 * Where to start: the rules whose fix adds the most points to the overall score. The audit's
 * "Fix first" and `blueprint plan`'s "Start here" both come from here, so they name the same
 * practices for the same reason.
 */
import { PILLARS, RISK_WEIGHT, type Pillar, type RepoReport, type RuleResult } from '../types.ts';

/** Why these come first, in words every format uses. */
export const FIX_FIRST_WHY =
  'ranked by the points the overall score would gain if the rule reached 10/10: its gap to 10, weighted by risk and weight';

/** Rules of one repository worth fixing first, with the overall points (0–100) each would add at 10/10. */
export function fixFirst(repo: RepoReport, count = 3): Array<{ rule: RuleResult; gain: number }> {
  const scored = repo.rules.filter((r) => r.score !== null);
  const total = scored.reduce((sum, r) => sum + RISK_WEIGHT[r.risk] * r.weight, 0);
  if (total === 0) return [];
  return scored
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .map((rule) => ({ rule, gain: ((10 - rule.score!) * RISK_WEIGHT[rule.risk] * rule.weight * 10) / total }))
    .filter((x) => x.gain > 0)
    .sort((a, b) => b.gain - a.gain || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0))
    .slice(0, count);
}

export interface Priority {
  id: string;
  pillar: Pillar;
  /** Points the mean overall score of the audited repositories would gain (for one repository: its score). */
  gain: number;
  /** Repositories where the rule fails or warns. */
  below: number;
}

/**
 * The same ranking over several repositories: a rule's gain is its mean over the audited ones
 * (nothing where it passes), so it is what the organisation's mean score would gain. With one
 * repository it is exactly that repository's Fix first.
 */
export function fixFirstAcross(repos: readonly RepoReport[], count = Number.POSITIVE_INFINITY, pillar?: Pillar): Priority[] {
  const audited = repos.filter((r) => r.status === 'ok');
  const byId = new Map<string, Priority>();
  for (const repo of audited) {
    for (const { rule, gain } of fixFirst(repo, Number.POSITIVE_INFINITY)) {
      const p = byId.get(rule.id) ?? { id: rule.id, pillar: rule.pillar, gain: 0, below: 0 };
      p.gain += gain / audited.length;
      p.below++;
      byId.set(rule.id, p);
    }
  }
  return [...byId.values()]
    .filter((p) => pillar === undefined || p.pillar === pillar)
    .sort((a, b) => b.gain - a.gain || PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) || (a.id < b.id ? -1 : 1))
    .slice(0, count);
}
