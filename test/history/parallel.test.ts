import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { gitIn } from '../../fixtures/builder.ts';
import { historyJobs } from '../../src/history/load.ts';
import { mineHistory } from '../../src/history/mine.ts';
import { packHistory, unpackHistory } from '../../src/history/pack.ts';
import { fixtures } from '../helpers.ts';
import { generatedHistory, revParse, SCENARIO } from './history-fixtures.ts';

const fx = fixtures();

describe('parallel history mining', () => {
  it('equals the serial pass exactly, whatever the chunks and processes', async () => {
    for (const spec of [SCENARIO, generatedHistory(300, 11)]) {
      const dir = fx.build(spec);
      const tip = revParse(dir, 'main');
      const serial = packHistory(await mineHistory(`${dir}/.git`, tip));
      for (const [jobs, chunkCommits] of [
        [2, 1],
        [2, 7],
        [3, 50],
        [8, 4000],
      ] as const) {
        const parallel = await mineHistory(`${dir}/.git`, tip, { jobs, chunkCommits });
        expect(packHistory(parallel).equals(serial), `jobs ${jobs}, chunks of ${chunkCommits}`).toBe(true);
      }
    }
  });

  it('keeps the order of git log, and what git log reports', async () => {
    const dir = fx.build(generatedHistory(200, 3));
    const tip = revParse(dir, 'main');
    const history = await mineHistory(`${dir}/.git`, tip, { jobs: 2, chunkCommits: 9 });
    expect(history.graph.shas).toEqual(gitIn(dir, ['rev-list', tip]).trim().split('\n'));
    expect(history.graph.shas[0]).toBe(tip);
    const renames = gitIn(dir, ['log', '--format=', '--name-status', '--find-renames', '--diff-filter=R', tip])
      .trim()
      .split('\n')
      .filter(Boolean).length;
    expect(new Set(history.renames.map((r) => r.join('\0'))).size).toBe(history.renames.length);
    expect(history.renames.length).toBeLessThanOrEqual(renames);
    expect(history.renames.length).toBeGreaterThan(0);
  });

  it('packs and unpacks a history to an equal one', async () => {
    const dir = fx.build(SCENARIO);
    const history = await mineHistory(`${dir}/.git`, revParse(dir, 'main'), { jobs: 2, chunkCommits: 2 });
    const bytes = packHistory(history);
    expect(unpackHistory(bytes)).toEqual(history);
    expect(unpackHistory(Buffer.from('not a history'))).toBeNull();
  });

  it('takes its process count from the option, else BLUEPRINT_HISTORY_JOBS, else the cores', () => {
    expect(historyJobs(3, { BLUEPRINT_HISTORY_JOBS: '5' })).toBe(3);
    expect(historyJobs(undefined, { BLUEPRINT_HISTORY_JOBS: '5' })).toBe(5);
    expect(historyJobs(undefined, { BLUEPRINT_HISTORY_JOBS: 'many' })).toBeGreaterThanOrEqual(1);
    expect(historyJobs(0, {})).toBeGreaterThanOrEqual(1);
  });

  it('shares the cores among repositories mined side by side, at least one process each', () => {
    const cores = availableParallelism();
    expect(historyJobs(undefined, {}, 1)).toBe(cores);
    expect(historyJobs(undefined, {}, cores)).toBe(1);
    expect(historyJobs(undefined, {}, cores * 8)).toBe(1);
    expect(historyJobs(undefined, { BLUEPRINT_HISTORY_JOBS: '4' }, cores * 8)).toBe(4);
    expect(historyJobs(6, {}, cores * 8)).toBe(6);
  });
});
