import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheInfo, cleanCache, DEFAULT_MAX_CACHE_BYTES, maxCacheBytes, pruneCache } from '../../src/index.ts';
import { pruneAfterWrite } from '../../src/history/cache-admin.ts';
import { cacheWork } from '../../src/history/cache-work.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { SCENARIO } from './history-fixtures.ts';

const fx = fixtures();

/** A cache folder with entries of known sizes and ages (days ago). */
function fakeCache(entries: Record<string, [bytes: number, daysAgo: number]>): string {
  const dir = fx.temp();
  const now = Date.now();
  for (const [path, [bytes, daysAgo]] of Object.entries(entries)) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, Buffer.alloc(bytes));
    const at = new Date(now - daysAgo * 86_400_000);
    utimesSync(file, at, at);
  }
  return dir;
}

describe('cache administration', () => {
  it('reports what each section holds', async () => {
    const dir = fakeCache({
      'history/a-1.bin': [1000, 3],
      'history/b-2.bin': [500, 1],
      'queries/a-1.q1.bin': [20, 2],
      'repos/x.git/objects/pack/p.pack': [4000, 0],
      'forge/github.com/o/r.json': [10, 0],
    });
    const info = await cacheInfo(dir, 2000);
    expect(info.exists).toBe(true);
    expect(info.maxBytes).toBe(2000);
    const by = Object.fromEntries(info.sections.map((s) => [s.name, s]));
    expect(by.history).toMatchObject({ entries: 2, bytes: 1500 });
    expect(by.queries).toMatchObject({ entries: 1, bytes: 20 });
    expect(by.repos).toMatchObject({ entries: 1, bytes: 4000 });
    expect(by.http).toMatchObject({ entries: 0, bytes: 0, oldest: null });
    expect(info.bytes).toBe(1500 + 20 + 4000 + 10);
    expect(by.history!.oldest!.getTime()).toBeLessThan(by.history!.newest!.getTime());
    expect((await cacheInfo(join(dir, 'none'))).exists).toBe(false);
  });

  it('cleans everything, one section, or only what has not been used for a while, and keeps the signing key', async () => {
    const dir = fakeCache({
      key: [32, 9],
      'history/a-1.bin': [1000, 30],
      'history/b-2.bin': [500, 1],
      'queries/a-1.q1.bin': [20, 40],
      'repos/x.git/HEAD': [40, 50],
    });
    expect(await cleanCache(dir, { olderThanDays: 10 })).toEqual({ removed: 3, bytes: 1060 });
    expect(readdirSync(join(dir, 'history'))).toEqual(['b-2.bin']);
    expect(await cleanCache(dir, { sections: ['queries'] })).toEqual({ removed: 0, bytes: 0 });
    expect(await cleanCache(dir)).toEqual({ removed: 1, bytes: 500 });
    expect(statSync(join(dir, 'key')).size).toBe(32);
    await expect(cleanCache(dir, { sections: ['nope' as 'history'] })).rejects.toThrow(/unknown cache section nope/);
  });

  it('keeps history and queries under the bound, least recently used out first, and leaves clones alone', async () => {
    const dir = fakeCache({
      'history/old-1.bin': [400, 5],
      'history/mid-2.bin': [400, 3],
      'queries/q-3.q.bin': [100, 4],
      'history/new-4.bin': [400, 0],
      'repos/x.git/big.pack': [10_000, 9],
    });
    expect(await pruneCache(dir, 850)).toEqual({ removed: 2, bytes: 500, kept: 2 });
    expect(readdirSync(join(dir, 'history')).sort()).toEqual(['mid-2.bin', 'new-4.bin']);
    expect(readdirSync(join(dir, 'repos'))).toEqual(['x.git']);
    expect(await pruneCache(dir, 10_000)).toEqual({ removed: 0, bytes: 0, kept: 2 });
  });

  it('after writes, scans again once the writes reach a sixteenth of the entries (an organisation does not pay n² scans)', async () => {
    const files: Record<string, [number, number]> = {};
    for (let i = 0; i < 64; i++) files[`history/h-${i}.bin`] = [10, 64 - i];
    const dir = fakeCache(files);
    await pruneAfterWrite(dir, 10_000); // first write: a scan, 64 entries found
    // Three more writes (under 64/16 = 4) scan nothing: an entry over the bound is left for now.
    writeFileSync(join(dir, 'history', 'big-1.bin'), Buffer.alloc(20_000));
    for (let i = 0; i < 3; i++) await pruneAfterWrite(dir, 10_000);
    expect(readdirSync(join(dir, 'history'))).toContain('big-1.bin');
    // The fourth scans, and the bound holds again.
    await pruneAfterWrite(dir, 10_000);
    const left = readdirSync(join(dir, 'history'));
    expect(left).not.toContain('big-1.bin');
    // A small cache is scanned on every write.
    const small = fakeCache({ 'history/a.bin': [400, 2], 'history/b.bin': [400, 1] });
    await pruneAfterWrite(small, 500);
    expect(readdirSync(join(small, 'history'))).toEqual(['b.bin']);
  });

  it('runs one scan at a time: writes made while one runs count towards the next, not a scan each', async () => {
    const files: Record<string, [number, number]> = {};
    for (let i = 0; i < 64; i++) files[`history/h-${i}.bin`] = [10, 64 - i];
    const dir = fakeCache(files);
    // An organisation's audits write side by side: 32 writes land before the first scan ends.
    const before = cacheWork();
    await Promise.all(Array.from({ length: 32 }, () => pruneAfterWrite(dir, 10_000)));
    expect(cacheWork().scans - before.scans).toBe(1);
    expect(cacheWork().scanned - before.scanned).toBe(64);
    // Those 31 writes are past a sixteenth of the 64 entries: the next write scans.
    await pruneAfterWrite(dir, 10_000);
    expect(cacheWork().scans - before.scans).toBe(2);
    // Then three writes scan nothing, and the fourth scans again.
    for (let i = 0; i < 3; i++) await pruneAfterWrite(dir, 10_000);
    expect(cacheWork().scans - before.scans).toBe(2);
    await pruneAfterWrite(dir, 10_000);
    expect(cacheWork().scans - before.scans).toBe(3);
  });

  it('reads the bound from BLUEPRINT_CACHE_MAX_BYTES', () => {
    expect(maxCacheBytes({})).toBe(DEFAULT_MAX_CACHE_BYTES);
    expect(DEFAULT_MAX_CACHE_BYTES).toBe(1024 ** 3);
    expect(maxCacheBytes({ BLUEPRINT_CACHE_MAX_BYTES: '5000' })).toBe(5000);
    expect(maxCacheBytes({ BLUEPRINT_CACHE_MAX_BYTES: '256M' })).toBe(256 * 1024 ** 2);
    expect(maxCacheBytes({ BLUEPRINT_CACHE_MAX_BYTES: '2GiB' })).toBe(2 * 1024 ** 3);
    expect(maxCacheBytes({ BLUEPRINT_CACHE_MAX_BYTES: 'lots' })).toBe(DEFAULT_MAX_CACHE_BYTES);
  });

  it('an audit touches the entries it uses, so they are the last to go', async () => {
    const repo = fx.build(SCENARIO);
    const cacheHome = fx.temp();
    const audit = (ref: string) =>
      cli(['audit', repo, '--now', NOW, '--rule', 'bus-factor', '--ref', ref, '--format', 'json'], {
        env: { CI: 'true', XDG_CACHE_HOME: cacheHome },
      });
    await audit('v1');
    await audit('v2');
    const dir = join(cacheHome, 'blueprint');
    const entries = () => readdirSync(join(dir, 'history')).filter((f) => f.endsWith('.bin'));
    const [, second] = entries().sort((a, b) => statSync(join(dir, 'history', a)).mtimeMs - statSync(join(dir, 'history', b)).mtimeMs);
    // Everything as if used a day ago; then the audit of v2 touches what it uses.
    const past = new Date(Date.now() - 86_400_000);
    for (const folder of ['history', 'queries'])
      for (const f of readdirSync(join(dir, folder))) utimesSync(join(dir, folder, f), past, past);
    await audit('v2'); // a hit: touched again
    // What it derived from v2's history and the file verdicts (in queries) are used too, so they stay with the history.
    const used = readdirSync(join(dir, 'queries')).filter(
      (f) => f.endsWith('.bin') && statSync(join(dir, 'queries', f)).mtimeMs > past.getTime() + 1000,
    );
    expect(used.length).toBeGreaterThan(0);
    const kept = used.reduce((sum, f) => sum + statSync(join(dir, 'queries', f)).size, 0);
    await pruneCache(dir, statSync(join(dir, 'history', second!)).size + kept + 1);
    expect(entries()).toEqual([second]);
  });
});
