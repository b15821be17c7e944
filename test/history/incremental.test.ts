import { describe, expect, it } from 'vitest';
import { ancestryQuestionsAsked } from '../../src/history/ancestry.ts';
import { cachedTips, HISTORY_FOLDER, repositoryKey } from '../../src/history/cache.ts';
import { loadHistory } from '../../src/history/load.ts';
import { mineHistory } from '../../src/history/mine.ts';
import { packHistory } from '../../src/history/pack.ts';
import { fixtures } from '../helpers.ts';
import { firstParents, generatedHistory, revParse, SCENARIO } from './history-fixtures.ts';

const fx = fixtures();

/** The bytes a history is cached as: equal bytes, equal histories. */
async function fullMine(dir: string, commit: string): Promise<Buffer> {
  return packHistory(await mineHistory(`${dir}/.git`, commit));
}

function loader(dir: string, cacheDir = fx.temp(), jobs = 1) {
  return (rev: string) => loadHistory({ gitDir: `${dir}/.git`, commit: revParse(dir, rev), cacheDir, jobs, chunkCommits: 3 });
}

describe('incremental history', () => {
  const dir = fx.build(SCENARIO);

  it('extends a cached history by appended commits, and equals a full mine byte for byte', async () => {
    const load = loader(dir);
    expect((await load('v1')).source).toBe('mined');
    // v2 merges a branch whose commit dates lie before v1: new commits interleave with old ones in git's order.
    const v2 = await load('v2');
    expect(v2).toMatchObject({ source: 'extended', base: revParse(dir, 'v1'), mined: 4 });
    expect(packHistory(v2.history).equals(await fullMine(dir, revParse(dir, 'v2')))).toBe(true);
    const again = await load('v2');
    expect(again.source).toBe('cached');
    expect(packHistory(again.history).equals(packHistory(v2.history))).toBe(true);
  });

  it('asks git about the most recently used cached commit first and stops at the first ancestor, each question once', async () => {
    // A repository of its own: answers are kept per repository folder for the process.
    const own = fx.build(SCENARIO);
    const load = loader(own);
    await load('rewritten');
    await load('v1');
    // Cached: v1 (most recent), rewritten. v2 descends from v1, the first asked: one question, not two.
    let before = ancestryQuestionsAsked();
    expect(await load('v2')).toMatchObject({ source: 'extended', base: revParse(own, 'v1') });
    expect(ancestryQuestionsAsked() - before).toBe(1);
    // Another cache where rewritten is the most recent: it is asked first (no ancestor), then v1,
    // whose answer about v2 is kept from before.
    const other = loader(own, fx.temp());
    await other('v1');
    await other('rewritten');
    before = ancestryQuestionsAsked();
    expect(await other('v2')).toMatchObject({ source: 'extended', base: revParse(own, 'v1') });
    expect(ancestryQuestionsAsked() - before).toBe(1);
  });

  it('lists cached commits most recently used first, even when they were used within one tick of the file system clock', async () => {
    const cacheDir = fx.temp();
    const load = loader(dir, cacheDir);
    const revs = ['v1', 'rewritten', 'topic', 'v2', 'main'];
    for (const rev of revs) await load(rev);
    // Read back one after another (a cached read takes well under the clock's few milliseconds).
    const order = ['main', 'v1', 'topic', 'rewritten', 'v2', 'v1'];
    for (const rev of order) expect((await load(rev)).source).toBe('cached');
    const used = [...new Set([...order].reverse())].map((rev) => revParse(dir, rev));
    expect(await cachedTips(cacheDir, HISTORY_FOLDER, repositoryKey(`${dir}/.git`))).toEqual(used);
  });

  it('mines whole again after a force-push (the cached tip is no ancestor)', async () => {
    const load = loader(dir);
    await load('main');
    const rewritten = await load('rewritten');
    expect(rewritten).toMatchObject({ source: 'mined', fullMineReason: 'no-ancestor' });
    expect(packHistory(rewritten.history).equals(await fullMine(dir, revParse(dir, 'rewritten')))).toBe(true);
  });

  it('after a rebase, extends the cached history of the new base', async () => {
    const load = loader(dir);
    await load('main');
    await load('topic');
    const rebased = await load('topic-rebased');
    expect(rebased).toMatchObject({ source: 'extended', base: revParse(dir, 'main'), mined: 2 });
    expect(packHistory(rebased.history).equals(await fullMine(dir, revParse(dir, 'topic-rebased')))).toBe(true);
  });

  it('mines whole again when the .mailmap changed, and extends again once it is the same', async () => {
    const load = loader(dir);
    await load('v2');
    const v3 = await load('v3');
    expect(v3).toMatchObject({ source: 'mined', fullMineReason: 'mailmap-changed' });
    // The mailmap merges the old address into Ada: fewer identities by name than a v2-based extension would give.
    expect(v3.history.identities.filter((i) => i.name === 'Ada Lovelace').map((i) => i.rawEmail)).toContain('ada@old.example.com');
    expect(packHistory(v3.history).equals(await fullMine(dir, revParse(dir, 'v3')))).toBe(true);
    const main = await load('main');
    expect(main).toMatchObject({ source: 'extended', base: revParse(dir, 'v3'), mined: 1 });
    expect(packHistory(main.history).equals(await fullMine(dir, revParse(dir, 'main')))).toBe(true);
  });

  it('never trusts a cached history that does not hold its whole ancestry', async () => {
    const cacheDir = fx.temp();
    const load = loader(dir, cacheDir);
    await load('v1');
    // The same commit, but cached under another repository's name, is not found: entries are per repository.
    const other = fx.build(SCENARIO);
    const there = await loadHistory({ gitDir: `${other}/.git`, commit: revParse(other, 'v2'), cacheDir, jobs: 1 });
    expect(there).toMatchObject({ source: 'mined', fullMineReason: 'no-ancestor' });
  });

  it('equals a full mine at every step of a long history with merges, renames and skewed dates', async () => {
    const long = fx.build(generatedHistory(240));
    const line = firstParents(long).reverse();
    for (const jobs of [1, 2]) {
      const load = loader(long, fx.temp(), jobs);
      // Steps of one, several and many commits, then merges of long-lived branches.
      const steps = [5, 6, 9, 20, 21, 60, line.length - 1].filter((i) => i < line.length);
      await load(line[steps[0]!]!);
      for (const i of steps.slice(1)) {
        const step = await load(line[i]!);
        expect(step.source).toBe('extended');
        expect(packHistory(step.history).equals(await fullMine(long, line[i]!)), `step ${i}, jobs ${jobs}`).toBe(true);
      }
    }
  });
});
