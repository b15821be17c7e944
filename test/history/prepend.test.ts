import { describe, expect, it } from 'vitest';
import { assemble, prependSegment, toSegment } from '../../src/history/assemble.ts';
import { mineHistory, mineSegments } from '../../src/history/mine.ts';
import { packHistory } from '../../src/history/pack.ts';
import { fixtures } from '../helpers.ts';
import { firstParents, generatedHistory, revParse, SCENARIO } from './history-fixtures.ts';

const fx = fixtures();

/** The commits `tip` adds to `base` put on top of the base's history, or null, and what assemble gives. */
async function bothWays(dir: string, base: string, tip: string) {
  const gitDir = `${dir}/.git`;
  const history = await mineHistory(gitDir, base);
  const added = await mineSegments(gitDir, tip, [base], {});
  expect(added).toHaveLength(1);
  return {
    prepended: prependSegment(added[0]!, history, tip),
    assembled: assemble([added[0]!, toSegment(history)], tip),
    full: await mineHistory(gitDir, tip),
  };
}

describe('an extended history put on top of the cached one (prependSegment)', () => {
  it('equals assembling the whole history, byte for byte, wherever it applies, across a long history', async () => {
    const dir = fx.build(generatedHistory(200, 11));
    const line = firstParents(dir).reverse();
    let applied = 0;
    let declined = 0;
    for (const [from, to] of [
      [3, 4],
      [4, 5],
      [5, 9],
      [9, 10],
      [10, 30],
      [30, 31],
      [31, 32],
      [32, 60],
      [60, 61],
      [61, 100],
      [100, 101],
      [101, line.length - 1],
    ] as const) {
      if (to >= line.length) continue;
      const { prepended, assembled, full } = await bothWays(dir, line[from]!, line[to]!);
      expect(packHistory(assembled).equals(packHistory(full))).toBe(true);
      if (prepended) {
        applied++;
        expect(packHistory(prepended).equals(packHistory(full)), `${from} -> ${to}`).toBe(true);
      } else declined++;
    }
    // Most steps are pushes on top; merges of branches with older dates are left to assemble.
    expect(applied).toBeGreaterThan(declined);
  });

  it('applies to a push by people already in the history, touching paths they and others changed', async () => {
    const dir = fx.build(SCENARIO);
    // v3 to main: Grace, who committed before, changes a.js and lib/d.js (renamed from lib/c.js).
    const { prepended, full } = await bothWays(dir, revParse(dir, 'v3'), revParse(dir, 'main'));
    expect(prepended).not.toBeNull();
    expect(packHistory(prepended!).equals(packHistory(full))).toBe(true);
    // A rebased topic on top of main: new commits whose author dates are older than the tip's.
    const rebased = await bothWays(dir, revParse(dir, 'main'), revParse(dir, 'topic-rebased'));
    expect(rebased.prepended).not.toBeNull();
    expect(packHistory(rebased.prepended!).equals(packHistory(rebased.full))).toBe(true);
  });

  it('declines a merge of work older than the cached tip, which assemble interleaves', async () => {
    const dir = fx.build(SCENARIO);
    // v2 merges a branch whose commit dates lie before v1.
    const { prepended, assembled, full } = await bothWays(dir, revParse(dir, 'v1'), revParse(dir, 'v2'));
    expect(prepended).toBeNull();
    expect(packHistory(assembled).equals(packHistory(full))).toBe(true);
  });
});
