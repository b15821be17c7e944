/**
 * A trend's sample commits come from the default branch's first-parent line, read only as far
 * back as its oldest point needs: down to the first commit, walking back, committed at or before it.
 */
import { describe, expect, it } from 'vitest';
import { buildFixture, type FixtureCommit } from '../../fixtures/builder.ts';
import { commitAt, firstParentLine } from '../../src/trend/timeline.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const DAY = 86_400_000;
const START = Date.parse('2020-01-01T00:00:00Z');
const at = (day: number) => new Date(START + day * DAY).toISOString();

describe('the first-parent line', () => {
  it('stops at the first commit at or before the oldest date, and every date at or after it finds the same commit', async () => {
    // 6,000 daily commits (some 300 KB of git output, many chunks), one of them committed with a
    // clock years fast: newer than every sample date, it is not where the line stops.
    const commits: FixtureCommit[] = Array.from({ length: 6000 }, (_, day) => ({
      date: at(day),
      ...(day === 5800 && { committed: at(9000) }),
      files: { 'log.txt': `${day}\n` },
    }));
    const dir = buildFixture({ commits }, fx.temp());
    const whole = await firstParentLine(dir, 'main', {});
    expect(whole).toHaveLength(6000);
    const oldest = new Date(START + 5500.5 * DAY);
    const line = await firstParentLine(dir, 'main', {}, oldest);
    // From the tip down to day 5500, and what else git had written by then: a read of node's takes
    // up to 64 KiB, some 1,300 lines, so at most about 1,800 of the 6,000.
    expect(line.length).toBeGreaterThanOrEqual(500);
    expect(line.length).toBeLessThan(3000);
    expect(line).toContainEqual(whole[5999 - 5500]);
    expect(line).toEqual(whole.slice(0, line.length));
    for (const day of [5500.5, 5600, 5799.5, 5800.5, 5999, 6100, 12000]) {
      const date = new Date(START + day * DAY);
      expect(commitAt(line, date), `day ${day}`).toEqual(commitAt(whole, date));
    }
    // A date before every commit: the whole line is read, and no commit stood then.
    expect(await firstParentLine(dir, 'main', {}, new Date(START - 6000 * DAY))).toEqual(whole);
  });
});
