/**
 * The questionnaire of `blueprint init`: team size, yearly engineering budget, and where it hurts
 * most, and what follows from them: a preset, a pillar to start with and its three practices.
 */
import type { PresetId } from '../config/presets.ts';
import type { Pillar } from '../types.ts';

export type Pain = 'deploys' | 'people' | 'incidents' | 'growth';

export const PAINS: Record<Pain, { pillar: Pillar; label: string }> = {
  deploys: { pillar: 'speed', label: 'Deployments are painful' },
  people: { pillar: 'stretch', label: 'We are losing people or customers to competitors' },
  incidents: { pillar: 'shield', label: 'We are one incident away from disaster' },
  growth: { pillar: 'sales', label: 'Features are not driving growth' },
};

export interface Answers {
  teamSize: number;
  /** US dollars a year. */
  budget: number;
  pain: Pain;
}

export const DEFAULT_ANSWERS: Answers = { teamSize: 8, budget: 1_200_000, pain: 'deploys' };

/** "deploys", "speed", "incidents", "shield" …: a pain or the pillar it leads to. */
export function parseFocus(value: string): Pain | null {
  const v = value.trim().toLowerCase();
  if (v in PAINS) return v as Pain;
  const byPillar = (Object.keys(PAINS) as Pain[]).find((p) => PAINS[p].pillar === v);
  if (byPillar) return byPillar;
  const synonyms: Record<string, Pain> = {
    deploy: 'deploys',
    deployments: 'deploys',
    talent: 'people',
    customers: 'people',
    incident: 'incidents',
    security: 'incidents',
    features: 'growth',
    sales: 'growth',
  };
  return synonyms[v] ?? null;
}

/** "1.5M", "$800k", "2,000,000", "1500000" → dollars; null when it is not an amount. */
export function parseBudget(value: string): number | null {
  const m = /^\s*\$?\s*(\d[\d,_]*(?:\.\d+)?)\s*([kmb])?\s*(?:usd|\$)?\s*$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]!.replace(/[,_]/g, ''));
  const scale = { k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1;
  const amount = n * scale;
  return Number.isFinite(amount) && amount > 0 ? Math.round(amount) : null;
}

export function formatBudget(dollars: number): string {
  if (dollars >= 1e6) return `$${+(dollars / 1e6).toFixed(1)}M`;
  if (dollars >= 1e3) return `$${Math.round(dollars / 1e3)}k`;
  return `$${dollars}`;
}

/**
 * The preset for the team: by size (up to 10 startup, up to 50 scaleup, then enterprise); a budget
 * of $25M or more calls for enterprise rigour, and one under $1M keeps a mid-sized team on startup.
 */
export function presetFor({ teamSize, budget }: Answers): Exclude<PresetId, 'recommended' | 'none'> {
  if (budget >= 25_000_000 || teamSize > 50) return 'enterprise';
  if (teamSize > 10 && budget >= 1_000_000) return 'scaleup';
  return 'startup';
}

/** The three practices to start with, by pillar and preset: the cheapest with the most effect first. */
export function practicesFor(pillar: Pillar, preset: ReturnType<typeof presetFor>): [string, string, string] {
  const small = preset === 'startup';
  switch (pillar) {
    case 'speed':
      return small ? ['ci-pipeline', 'automated-tests', 'branch-lifetime'] : ['ci-pipeline', 'automated-tests', 'delivery'];
    case 'stretch':
      return ['process-reviews', 'feedback-loop', 'experiments'];
    case 'shield':
      return small ? ['bus-factor', 'disaster-recovery', 'cost-alerts'] : ['bus-factor', 'disaster-recovery', 'access-review'];
    case 'sales':
      return small ? ['hypotheses', 'mvp-metrics', 'product-briefs'] : ['product-briefs', 'hypotheses', 'poc-sharing'];
  }
}
