/** What a trend's points pass on to the next in memory (src/sources/repo-memo.ts). */
import { describe, expect, it } from 'vitest';
import { RepoMemo } from '../../src/sources/repo-memo.ts';

const MiB = 1024 * 1024;
const blob = (fill: number, size = MiB) => Buffer.alloc(size, fill);

describe('blobs kept for the next point', () => {
  it('are given back by repository and object, the least recently used going first past 32 MiB', () => {
    const memo = new RepoMemo();
    for (let i = 0; i < 32; i++) memo.keepBlob('/r/.git', `oid-${i}`, blob(i));
    expect(memo.keptBlob('/r/.git', 'oid-0')?.[0]).toBe(0);
    expect(memo.keptBlob('/other/.git', 'oid-0')).toBeUndefined();
    // One more pushes out the least recently used: oid-1, since oid-0 was just used.
    memo.keepBlob('/r/.git', 'oid-32', blob(32));
    expect(memo.keptBlob('/r/.git', 'oid-1')).toBeUndefined();
    expect(memo.keptBlob('/r/.git', 'oid-0')?.[0]).toBe(0);
    expect(memo.keptBlob('/r/.git', 'oid-32')?.[0]).toBe(32);
  });

  it('leave out a blob over 1 MiB', () => {
    const memo = new RepoMemo();
    memo.keepBlob('/r/.git', 'big', blob(1, MiB + 1));
    expect(memo.keptBlob('/r/.git', 'big')).toBeUndefined();
  });
});
