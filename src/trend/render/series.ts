/** What every trend format shows: the rules' series and the sparkline that draws one in text. */
import { PILLARS, type Pillar } from '../../types.ts';
import type { TrendOrganisation, TrendRepo } from '../types.ts';

const BLOCKS = '▁▂▃▄▅▆▇█';

/** One character per point: a block as high as the score (0–10), `·` where there is none. */
export function sparkline(scores: ReadonlyArray<number | null>, max = 10): string {
  return scores
    .map((s) => (s === null ? '·' : BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round((s / max) * (BLOCKS.length - 1))))]))
    .join('');
}

export interface RuleSeries {
  rule: string;
  scores: Array<number | null>;
}

/** Each rule that scored at some point, in the order the points list them, with its score at every point. */
export function ruleSeries(repo: TrendRepo): RuleSeries[] {
  const ids: string[] = [];
  for (const p of repo.points) for (const id of Object.keys(p.rules)) if (!ids.includes(id)) ids.push(id);
  return ids
    .map((rule) => ({ rule, scores: repo.points.map((p) => p.rules[rule]?.score ?? null) }))
    .filter((s) => s.scores.some((x) => x !== null));
}

export const COLUMNS: ReadonlyArray<'overall' | Pillar> = ['overall', ...PILLARS];

export function columnScore(point: TrendRepo['points'][number], column: 'overall' | Pillar): number | null {
  return column === 'overall' ? point.overall : point.pillars[column];
}

export const day = (iso: string) => iso.slice(0, 10);
export const shortSha = (sha: string | null) => (sha ? sha.slice(0, 7) : '–');
export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** A rule's score as the audit reports it (up to two decimals), not rounded to one. */
export const ruleScore = (n: number) => String(Math.round(n * 100) / 100);

/** How every format names the organisation's row. */
export const organisationLabel = (org: TrendOrganisation) =>
  org.name ? `organisation ${org.name} (mean of its repositories)` : 'all repositories (mean)';

export function organisationScore(point: TrendOrganisation['points'][number], column: 'overall' | Pillar): number | null {
  return column === 'overall' ? point.overall : point.pillars[column];
}
