import type { TrendReport } from '../trend/types.ts';
import { PILLARS, type Pillar } from '../types.ts';

const LABEL: Record<Pillar, string> = { speed: 'SPEED', stretch: 'STRETCH', shield: 'SHIELD', sales: 'SALES' };

const cell = (score: number | null) => (score === null ? '—' : score.toFixed(1));

/** The move from the first quarter with a score to the last. */
function change(scores: readonly (number | null)[]): string {
  const known = scores.filter((s): s is number => s !== null);
  const last = scores.at(-1);
  if (known.length < 2 || last === null || last === undefined) return '—';
  const delta = last - known[0]!;
  return `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(1)}`;
}

/**
 * How each pillar (and the overall score) moved over the sampled quarters of each repository, as
 * the quarterly review reads it: one table per repository, oldest quarter first, from `trend()`.
 */
export function movementSection(
  movement: TrendReport | null | undefined,
  nameOf: (target: string) => string,
  md: (s: string) => string,
): string[] {
  const repos = (movement?.repos ?? []).filter((r) => r.status === 'ok' && r.points.some((p) => p.overall !== null));
  if (!movement || !repos.length) return [];
  const out = [
    '## How we moved over the last four quarters',
    '',
    `Each column is the repository audited as it stood at that date (its default branch then, with that date as the reference time), as \`blueprint trend --since 1y --every quarter\` computes it; — where nothing was evidenced yet.`,
    '',
  ];
  for (const repo of repos) {
    const dates = repo.points.map((p) => p.date.slice(0, 10));
    if (repos.length > 1) out.push(`### ${md(nameOf(repo.target))}`, '');
    out.push(`| | ${dates.join(' | ')} | over the year |`, `|---|${dates.map(() => '---:|').join('')}---:|`);
    out.push(
      `| Overall (of 100) | ${repo.points.map((p) => cell(p.overall)).join(' | ')} | ${change(repo.points.map((p) => p.overall))} |`,
    );
    for (const pillar of PILLARS) {
      out.push(
        `| ${LABEL[pillar]} | ${repo.points.map((p) => cell(p.pillars[pillar])).join(' | ')} | ${change(repo.points.map((p) => p.pillars[pillar]))} |`,
      );
    }
    const moves = repo.changes.length;
    out.push(
      '',
      moves
        ? `${moves} rule score${moves === 1 ? '' : 's'} moved between quarters by a point or more; \`blueprint trend\` names the commits behind each.`
        : 'No rule score moved between quarters by a point or more.',
      '',
    );
  }
  return out;
}
