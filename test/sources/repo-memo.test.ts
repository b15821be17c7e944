/** What a trend's points pass on to the next in memory (src/sources/repo-memo.ts). */
import { describe, expect, it } from 'vitest';
import { RepoMemo } from '../../src/sources/repo-memo.ts';

const M = 1024 * 1024;
const text = (fill: number, size = M) => String.fromCharCode(65 + (fill % 26)).repeat(size);

describe('files kept as text for the next point', () => {
  it('are given back by repository and object, the least recently used going first past 32 million characters', () => {
    const memo = new RepoMemo();
    for (let i = 0; i < 32; i++) memo.keepText('/r/.git', `oid-${i}`, text(i));
    expect(memo.keptText('/r/.git', 'oid-0')?.[0]).toBe('A');
    expect(memo.keptText('/other/.git', 'oid-0')).toBeUndefined();
    // One more pushes out the least recently used: oid-1, since oid-0 was just used.
    memo.keepText('/r/.git', 'oid-32', text(32));
    expect(memo.keptText('/r/.git', 'oid-1')).toBeUndefined();
    expect(memo.keptText('/r/.git', 'oid-0')?.[0]).toBe('A');
    expect(memo.keptText('/r/.git', 'oid-32')?.[0]).toBe(text(32)[0]);
  });

  it('keep a binary file as such, and leave out a text over a million characters', () => {
    const memo = new RepoMemo();
    memo.keepText('/r/.git', 'bin', null);
    expect(memo.keptText('/r/.git', 'bin')).toBeNull();
    memo.keepText('/r/.git', 'big', text(1, M + 1));
    expect(memo.keptText('/r/.git', 'big')).toBeUndefined();
  });
});
