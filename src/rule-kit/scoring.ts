/** How rules turn evidence into a 0–10 score: freshness tiers and weighted parts. */

export { daysBetween, round } from '../util/time.ts';
export { median, percentile } from '../util/stats.ts';

/** Within the maximum age: fresh; within twice it: due; older, or of unknown date: stale. */
export type Freshness = 'fresh' | 'due' | 'stale';

export function freshness(daysSince: number | null, maxAgeDays: number): Freshness {
  if (daysSince !== null && daysSince <= maxAgeDays) return 'fresh';
  if (daysSince !== null && daysSince <= maxAgeDays * 2) return 'due';
  return 'stale';
}

/** Points for freshness: `full` when fresh, half of it when due, `stale` (default 0) otherwise. */
export function freshnessPoints(daysSince: number | null, maxAgeDays: number, full: number, stale = 0): number {
  const tier = freshness(daysSince, maxAgeDays);
  return tier === 'fresh' ? full : tier === 'due' ? full / 2 : stale;
}

/** The mean of parts scored 0–10, each counted by its weight. */
export function weightedScore(parts: ReadonlyArray<{ score: number; weight: number }>): number {
  const total = parts.reduce((sum, p) => sum + p.weight, 0);
  return parts.reduce((sum, p) => sum + p.score * p.weight, 0) / total;
}

/** Points earned out of points possible, on the 0–10 scale: each part earns up to its `outOf`. */
export function pointsScore(parts: ReadonlyArray<{ points: number; outOf: number }>): number {
  return (10 * parts.reduce((sum, p) => sum + p.points, 0)) / parts.reduce((sum, p) => sum + p.outOf, 0);
}
