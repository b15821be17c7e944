import { describe, expect, it } from 'vitest';
import { loadCommitHeaders } from '../../src/history/commit-cache.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();

describe('cached commit headers', () => {
  it('keeps the headers added, per repository, for the next audit', async () => {
    const cacheDir = fx.temp();
    const first = await loadCommitHeaders(cacheDir, '/repo/.git');
    expect(first.get('a'.repeat(40))).toBeUndefined();
    first.add({ sha: 'a'.repeat(40), parents: ['b'.repeat(40), 'c'.repeat(40)], authorTime: 1700000000 });
    first.add({ sha: 'b'.repeat(40), parents: [], authorTime: 1600000000 });
    await first.save();
    const again = await loadCommitHeaders(cacheDir, '/repo/.git');
    expect(again.get('a'.repeat(40))).toEqual({ sha: 'a'.repeat(40), parents: ['b'.repeat(40), 'c'.repeat(40)], authorTime: 1700000000 });
    expect(again.get('b'.repeat(40))?.parents).toEqual([]);
    expect((await loadCommitHeaders(cacheDir, '/other/.git')).get('a'.repeat(40))).toBeUndefined();
    expect((await loadCommitHeaders(null, '/repo/.git')).get('a'.repeat(40))).toBeUndefined();
  });
});
