import { UsageError } from '../errors.ts';

/** A step between sample dates: a number of days, or of calendar months. */
export type Step = { days: number } | { months: number };

const NAMED: Record<string, Step> = {
  day: { days: 1 },
  week: { days: 7 },
  month: { months: 1 },
  quarter: { months: 3 },
  year: { months: 12 },
};

const DURATION = /^(\d{1,4})(d|w|m|q|y)$/i;

/** `30d`, `2w`, `6m`, `1q`, `1y`, or `day`, `week`, `month`, `quarter`, `year`; null when it is neither. */
export function parseStep(text: string): Step | null {
  const named = NAMED[text.toLowerCase()];
  if (named) return named;
  const match = DURATION.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  if (n === 0) return null;
  const unit = match[2]!.toLowerCase();
  if (unit === 'd') return { days: n };
  if (unit === 'w') return { days: 7 * n };
  return { months: n * (unit === 'm' ? 1 : unit === 'q' ? 3 : 12) };
}

/** The date `count` steps before `from` (a month step keeps the day of the month, clamped to the month's end). */
export function stepBack(from: Date, step: Step, count = 1): Date {
  if ('days' in step) return new Date(from.getTime() - count * step.days * 86_400_000);
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - count * step.months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO date (a bare date is midnight UTC), or null. */
export function parseDate(text: string): Date | null {
  if (!ISO_DATE.test(text)) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function asDate(value: Date | string, flag: string): Date {
  const date = typeof value === 'string' ? parseDate(value) : value;
  if (!date || Number.isNaN(date.getTime())) {
    throw new UsageError(`${flag} '${String(value)}' is not a date`, `pass an ISO date such as 2026-01-31 or 2026-01-31T12:00:00Z`);
  }
  return date;
}

/** Most points one trend may have: each is a whole audit. */
export const MAX_POINTS = 400;

/**
 * The sample dates, oldest first: `until`, then one step back at a time while not before `since`.
 * Counting back from `until` makes the newest point the state of today (or of `until`).
 */
export function sampleDates(since: Date | string, every: string, until: Date | string | undefined, now: Date): Date[] {
  const step = parseStep(every);
  if (!step) {
    throw new UsageError(
      `--every '${every}' is not a step`,
      'pass a duration such as 30d, 2w, 6m or 1y, or one of day, week, month, quarter, year',
    );
  }
  const end = until === undefined ? now : asDate(until, '--until');
  let start: Date;
  if (typeof since === 'string' && !parseDate(since)) {
    const back = parseStep(since);
    if (!back || !DURATION.test(since)) {
      throw new UsageError(
        `--since '${since}' is neither a date nor a duration`,
        'pass an ISO date such as 2026-01-31, or a duration such as 1y, 6m or 90d',
      );
    }
    start = stepBack(end, back);
  } else {
    start = asDate(since, '--since');
  }
  if (start.getTime() > end.getTime()) {
    throw new UsageError(`--since ${start.toISOString()} is after --until ${end.toISOString()}`, 'pass a --since before --until');
  }
  const dates: Date[] = [];
  for (let k = 0; ; k++) {
    const d = stepBack(end, step, k);
    if (d.getTime() < start.getTime()) break;
    if (dates.length >= MAX_POINTS) {
      throw new UsageError(`more than ${MAX_POINTS} sample dates`, 'pass a longer --every or a later --since');
    }
    dates.push(d);
  }
  return dates.reverse();
}
