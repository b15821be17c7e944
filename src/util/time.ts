const DAY_MS = 86_400_000;

/** Whole and fractional days from `from` to `now`, as the report contract defines them. */
export function daysBetween(from: Date, now: Date): number {
  return round((now.getTime() - from.getTime()) / DAY_MS, 2);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
