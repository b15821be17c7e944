import {
  PILLARS,
  RISK_WEIGHT,
  type Finding,
  type Pillar,
  type PillarScore,
  type RuleResult,
  type RuleStatus,
  type Severity,
} from '../types.ts';
import { round } from '../util/time.ts';

/** A rule passes at 7 of 10 or more with no error finding. */
export const PASS_SCORE = 7;

export function ruleStatus(score: number, findings: readonly Finding[], severity: Severity): RuleStatus {
  const passing = score >= PASS_SCORE && !findings.some((f) => f.severity === 'error');
  if (passing) return 'pass';
  return severity === 'error' ? 'fail' : 'warn';
}

/** Risk-weighted mean on 0–100 of the rules that produced a score; null when none did. */
export function aggregate(rules: readonly RuleResult[]): number | null {
  let total = 0;
  let weights = 0;
  for (const rule of rules) {
    if (rule.score === null) continue;
    const w = RISK_WEIGHT[rule.risk] * rule.weight;
    total += rule.score * w;
    weights += w;
  }
  return weights > 0 ? round((total / weights) * 10, 1) : null;
}

export function pillarScores(rules: readonly RuleResult[]): Record<Pillar, PillarScore> {
  const out = {} as Record<Pillar, PillarScore>;
  for (const pillar of PILLARS) {
    const own = rules.filter((r) => r.pillar === pillar);
    out[pillar] = { score: aggregate(own), rules: own.length };
  }
  return out;
}
