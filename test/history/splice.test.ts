import { describe, expect, it } from 'vitest';
import { assemble, toSegment } from '../../src/history/assemble.ts';
import { mineHistory, mineSegments } from '../../src/history/mine.ts';
import { packHistory } from '../../src/history/pack.ts';
import type { MinedHistory } from '../../src/history/types.ts';
import { spliceSegment } from '../../src/history/splice.ts';
import { fixtures } from '../helpers.ts';
import { AUTHORS, firstParents, generatedHistory, revParse, SCENARIO } from './history-fixtures.ts';

const fx = fixtures();

/** The commits `tip` adds to `base` spliced into the base's history, or null, and what assemble gives. */
async function bothWays(dir: string, base: string, tip: string) {
  const gitDir = `${dir}/.git`;
  const history = await mineHistory(gitDir, base);
  const added = await mineSegments(gitDir, tip, [base], {});
  expect(added).toHaveLength(1);
  return {
    spliced: spliceSegment(added[0]!, history, tip),
    assembled: assemble([added[0]!, toSegment(history)], tip),
    full: await mineHistory(gitDir, tip),
  };
}

describe('new commits spliced into the cached history (spliceSegment)', () => {
  it('applies to a push by people already in the history, touching paths they and others changed', async () => {
    const dir = fx.build(SCENARIO);
    // v3 to main: Grace, who committed before, changes a.js and lib/d.js (renamed from lib/c.js).
    const { spliced, full } = await bothWays(dir, revParse(dir, 'v3'), revParse(dir, 'main'));
    expect(spliced).not.toBeNull();
    expect(packHistory(spliced!).equals(packHistory(full))).toBe(true);
    // A rebased topic on top of main: new commits whose author dates are older than the tip's.
    const rebased = await bothWays(dir, revParse(dir, 'main'), revParse(dir, 'topic-rebased'));
    expect(rebased.spliced).not.toBeNull();
    expect(packHistory(rebased.spliced!).equals(packHistory(rebased.full))).toBe(true);
  });

  it('applies to a merge of work older than the cached tip, placing it among the cached commits', async () => {
    const dir = fx.build(SCENARIO);
    // v2 merges a branch whose commit dates lie before v1.
    const { spliced, assembled, full } = await bothWays(dir, revParse(dir, 'v1'), revParse(dir, 'v2'));
    expect(spliced).not.toBeNull();
    expect(packHistory(spliced!).equals(packHistory(full))).toBe(true);
    expect(packHistory(assembled).equals(packHistory(full))).toBe(true);
  });

  it('declines when a new merge makes git visit cached commits in another order, which assemble gives', async () => {
    // main: X is committed after its child W (a skewed clock), so walking from `base` visits Y, W,
    // then X. A branch from X merged afterwards reaches X first: from `tip`, X comes before Y.
    const at = (d: number, h = 0) => `2026-02-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;
    const dir = fx.build({
      authors: AUTHORS,
      commits: [
        { author: 'ada', date: at(1), files: { 'a.js': '1' } },
        { author: 'grace', date: at(5), files: { 'x.js': 'x' }, tag: 'x' },
        { author: 'ada', date: at(2), files: { 'a.js': 'w' } },
        { author: 'linus', date: at(3), files: { 'a.js': 'y' } },
        { author: 'ada', date: at(6), files: { 'z.js': 'z' }, tag: 'base' },
        { branch: 'side', from: 'x', author: 'linus', date: at(5, 12), files: { 'x.js': 'x2' } },
        { author: 'grace', date: at(7), merge: ['side'], files: {}, tag: 'tip' },
      ],
    });
    const { spliced, assembled, full } = await bothWays(dir, revParse(dir, 'base'), revParse(dir, 'tip'));
    expect(spliced).toBeNull();
    expect(packHistory(assembled).equals(packHistory(full))).toBe(true);
  });

  it('equals a full mine from every earlier point of a long history with merges, renames and skewed dates', async () => {
    const dir = fx.build(generatedHistory(200, 5));
    const line = firstParents(dir).reverse();
    const gitDir = `${dir}/.git`;
    const mined = new Map<string, Promise<MinedHistory>>();
    const mine = (commit: string) => mined.get(commit) ?? mined.set(commit, mineHistory(gitDir, commit)).get(commit)!;
    let steps = 0;
    for (let to = 3; to < line.length; to += 4) {
      const full = packHistory(await mine(line[to]!));
      for (const back of [1, 3, 11, 40]) {
        if (to - back < 0) continue;
        const base = await mine(line[to - back]!);
        const added = await mineSegments(gitDir, line[to]!, [base.commit], {});
        const spliced = spliceSegment(added[0]!, base, line[to]!);
        expect(spliced, `${to - back} -> ${to}`).not.toBeNull();
        expect(packHistory(spliced!).equals(full), `${to - back} -> ${to}`).toBe(true);
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(100);
  });
});
