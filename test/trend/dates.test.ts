import { describe, expect, it } from 'vitest';
import { parseStep, sampleDates } from '../../src/index.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const days = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 10));

describe('sample dates', () => {
  it('count back from --until one step at a time, oldest first, while not before --since', () => {
    expect(days(sampleDates('1y', 'quarter', '2026-12-01', NOW))).toEqual([
      '2025-12-01',
      '2026-03-01',
      '2026-06-01',
      '2026-09-01',
      '2026-12-01',
    ]);
    expect(days(sampleDates('9m', 'quarter', '2026-12-01', NOW))).toEqual(['2026-03-01', '2026-06-01', '2026-09-01', '2026-12-01']);
    expect(days(sampleDates('90d', '30d', '2026-12-01', NOW))).toEqual(['2026-09-02', '2026-10-02', '2026-11-01', '2026-12-01']);
    expect(days(sampleDates('2026-10-20', 'week', '2026-11-10', NOW))).toEqual(['2026-10-20', '2026-10-27', '2026-11-03', '2026-11-10']);
  });

  it('--until defaults to the clock, to the second', () => {
    const dates = sampleDates('2m', 'month', undefined, NOW);
    expect(dates.map((d) => d.toISOString())).toEqual(['2026-09-24T12:00:00.000Z', '2026-10-24T12:00:00.000Z', '2026-11-24T12:00:00.000Z']);
  });

  it('a month step keeps the day of the month, clamped to the end of shorter months', () => {
    expect(days(sampleDates('2026-01-01', 'month', '2026-05-31', NOW))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
  });

  it('reads steps by name and by count', () => {
    expect(parseStep('quarter')).toEqual({ months: 3 });
    expect(parseStep('2w')).toEqual({ days: 14 });
    expect(parseStep('1Y')).toEqual({ months: 12 });
    expect(parseStep('0d')).toBeNull();
    expect(parseStep('fortnight')).toBeNull();
  });

  it('refuses what it cannot read, with what to pass instead', () => {
    expect(() => sampleDates('soon', 'month', undefined, NOW)).toThrow("--since 'soon' is neither a date nor a duration");
    expect(() => sampleDates('1y', 'monthly', undefined, NOW)).toThrow("--every 'monthly' is not a step");
    expect(() => sampleDates('1y', 'month', '2026-02-30x', NOW)).toThrow("--until '2026-02-30x' is not a date");
    expect(() => sampleDates('2027-01-01', 'month', undefined, NOW)).toThrow('is after --until');
    expect(() => sampleDates('50y', 'day', undefined, NOW)).toThrow('more than 400 sample dates');
  });
});
