import { describe, expect, it } from 'vitest';
import { gitIn, type FixtureSpec } from '../../fixtures/builder.ts';
import { ancestorHistory } from '../../src/history/derive.ts';
import { readCachedHistory, historyKey } from '../../src/history/cache.ts';
import { mineHistory } from '../../src/history/mine.ts';
import { seedHistories } from '../../src/trend/histories.ts';
import { fixtures } from '../helpers.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();

/** Every commit's history, derived from the tip's log, equals the history mined at that commit. */
async function expectDerivable(spec: FixtureSpec) {
  const dir = fx.build(spec);
  const gitDir = gitIn(dir, ['rev-parse', '--absolute-git-dir']).trim();
  const tip = gitIn(dir, ['rev-parse', 'HEAD']).trim();
  const records: string[] = [];
  const history = await mineHistory(gitDir, tip, false, {}, records);
  expect(records).toHaveLength(history.graph.shas.length);
  for (const sha of history.graph.shas) {
    const derived = ancestorHistory({ history, records }, sha);
    expect(derived, sha).toEqual(await mineHistory(gitDir, sha));
  }
}

describe('the history of an ancestor, derived from the tip’s log', () => {
  it('equals the history mined at it, for every commit of the trend fixture (merges, branches, several authors)', async () => {
    await expectDerivable(TIMELINE);
  });

  it('follows git’s order where committer dates tie or go backwards (clock skew), and across renames (with the same mailmap: trend mines afresh where it differs)', async () => {
    await expectDerivable({
      commits: [
        { date: '2026-01-01T00:00:00Z', files: { 'a.txt': '1', 'b.txt': '1' } },
        { branch: 'x', date: '2026-01-03T00:00:00Z', files: { 'x.txt': '1' } },
        { branch: 'y', date: '2026-01-03T00:00:00Z', files: { 'y.txt': '1' } },
        { date: '2026-01-02T00:00:00Z', committed: '2026-01-02T00:00:00Z', files: { 'a.txt': '2' } },
        { branch: 'x', date: '2025-12-01T00:00:00Z', author: 'grace', files: { 'x.txt': '2' } },
        { date: '2026-01-03T00:00:00Z', merge: ['x'], message: 'merge x' },
        { date: '2026-01-03T00:00:00Z', merge: ['y'], message: 'merge y' },
        { date: '2026-01-02T12:00:00Z', author: 'linus', files: { 'b.txt': null, 'c.txt': '1' } },
        { date: '2026-01-04T00:00:00Z', files: { 'c.txt': null, 'd/c.txt': '1' } },
      ],
    });
  });

  it('trend puts each point’s derived history in the cache its audit reads, except where the mailmap differs', async () => {
    const dir = fx.build({
      commits: [
        { date: '2026-01-01T00:00:00Z', files: { 'a.txt': '1' } },
        { date: '2026-02-01T00:00:00Z', files: { 'a.txt': '2' } },
        { date: '2026-03-01T00:00:00Z', files: { '.mailmap': 'Ada L <ada@example.com> Ada Lovelace <ada@example.com>\n' } },
        { date: '2026-04-01T00:00:00Z', files: { 'a.txt': '3' } },
      ],
    });
    const gitDir = gitIn(dir, ['rev-parse', '--absolute-git-dir']).trim();
    const [d, c, b, a] = gitIn(dir, ['log', '--format=%H']).trim().split('\n') as [string, string, string, string];
    const cacheDir = fx.temp();
    expect((await seedHistories({ root: dir, gitDir, git: {}, cacheDir, commits: [a, b, c, d] })).put).toBe(2);
    for (const sha of [c, d]) expect(await readCachedHistory(cacheDir, historyKey(gitDir, sha))).toEqual(await mineHistory(gitDir, sha));
    for (const sha of [a, b]) expect(await readCachedHistory(cacheDir, historyKey(gitDir, sha))).toBeNull();
  });
});
