import { PILLARS, type Pillar } from '../types.ts';
import type { TrendOrganisation, TrendOrganisationPoint, TrendRepo } from './types.ts';

function mean(values: ReadonlyArray<number | null | undefined>): number | null {
  const scored = values.filter((v): v is number => typeof v === 'number');
  return scored.length ? Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 10) / 10 : null;
}

/** The organisation's row: at each sample date, the mean of each score over the repositories that have it then. */
export function organisationTrend(name: string | null, dates: readonly Date[], repos: readonly TrendRepo[]): TrendOrganisation {
  const points = dates.map((date, index): TrendOrganisationPoint => {
    const at = repos.filter((r) => r.status === 'ok').map((r) => r.points[index]);
    return {
      date: date.toISOString(),
      repos: at.filter((p) => typeof p?.overall === 'number').length,
      overall: mean(at.map((p) => p?.overall)),
      pillars: Object.fromEntries(PILLARS.map((pillar) => [pillar, mean(at.map((p) => p?.pillars[pillar]))])) as Record<
        Pillar,
        number | null
      >,
    };
  });
  return { name, points };
}
