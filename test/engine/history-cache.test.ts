import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { readCachedHistory, writeCachedHistory, writeEntry } from '../../src/history/cache.ts';
import { packHistory } from '../../src/history/pack.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

const spec: FixtureSpec = {
  commits: [
    { author: 'ada', date: '2026-03-01T00:00:00Z', files: { 'a.js': 'a', 'b.js': 'b' } },
    { author: 'grace', date: '2026-03-02T00:00:00Z', files: { 'c.js': 'c', 'd.js': 'd' } },
  ],
};

async function truckFactor(repo: string, cacheHome: string, extra: string[] = []): Promise<number> {
  const r = await cli(['audit', repo, '--now', NOW, '--rule', 'bus-factor', '--format', 'json', ...extra], {
    env: { CI: 'true', XDG_CACHE_HOME: cacheHome },
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout).repos[0].rules[0].metrics.truckFactor;
}

function entries(cacheHome: string): string[] {
  const dir = join(cacheHome, 'blueprint', 'history');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => join(dir, f));
}

describe('history cache', () => {
  it('is never mined for an audit whose rules that read history are off or not run', async () => {
    const repo = fx.build(spec);
    const cacheHome = fx.temp();
    const config = join(fx.temp(), 'blueprint.yml');
    writeFileSync(config, 'extends: recommended\nrules:\n  bus-factor: off\n');
    for (const args of [
      ['--rule', 'ci-pipeline'],
      ['--rule', 'bus-factor,ci-pipeline', '--config', config],
    ]) {
      const r = await cli(['audit', repo, '--now', NOW, '--format', 'json', ...args], { env: { CI: 'true', XDG_CACHE_HOME: cacheHome } });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).repos[0].rules.length).toBeGreaterThan(0);
    }
    expect(existsSync(join(cacheHome, 'blueprint', 'history'))).toBe(false);
    await truckFactor(repo, cacheHome);
    expect(entries(cacheHome)).toHaveLength(1);
  });

  it('writes one entry per repository and revision, and reads it back on the next audit', async () => {
    const repo = fx.build(spec);
    const cacheHome = fx.temp();
    expect(await truckFactor(repo, cacheHome)).toBe(2);
    const [entry, ...others] = entries(cacheHome);
    expect(others).toEqual([]);

    // Doctor the entry (validly): an audit that reads it sees a history with no file events.
    const key = entry!.slice(entry!.lastIndexOf('/') + 1, -'.bin'.length);
    const cached = await readCachedHistory(join(cacheHome, 'blueprint'), key);
    expect(cached).not.toBeNull();
    await writeCachedHistory(join(cacheHome, 'blueprint'), key, {
      ...cached!,
      paths: { names: [], offsets: new Int32Array(1), data: new Int32Array(0) },
    });
    expect(await truckFactor(repo, cacheHome)).toBe(0);

    // --no-cache walks the history again and leaves the entry alone.
    expect(await truckFactor(repo, cacheHome, ['--no-cache'])).toBe(2);
    expect((await readCachedHistory(join(cacheHome, 'blueprint'), key))!.paths.names).toEqual([]);
  });

  it('reads an entry whose history is packed to bytes (format 6) as missing, and writes it again', async () => {
    const repo = fx.build(spec);
    const cacheHome = fx.temp();
    expect(await truckFactor(repo, cacheHome)).toBe(2);
    const [entry] = entries(cacheHome);
    const key = entry!.slice(entry!.lastIndexOf('/') + 1, -'.bin'.length);
    const dir = join(cacheHome, 'blueprint');
    const history = (await readCachedHistory(dir, key))!;
    await writeEntry(dir, 'history', key, { packed: packHistory(history), mailmap: '' });
    expect(await readCachedHistory(dir, key)).toBeNull();
    expect(await truckFactor(repo, cacheHome)).toBe(2);
    expect(await readCachedHistory(dir, key)).toEqual(history);
  });

  it('detects a corrupt or truncated entry, rebuilds it and never trusts it', async () => {
    const repo = fx.build(spec);
    const cacheHome = fx.temp();
    await truckFactor(repo, cacheHome);
    const [entry] = entries(cacheHome);
    const good = readFileSync(entry!);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 10]! ^= 0xff;
    writeFileSync(entry!, flipped);
    expect(await truckFactor(repo, cacheHome)).toBe(2);
    expect(readFileSync(entry!).equals(good)).toBe(true);

    writeFileSync(entry!, good.subarray(0, good.length >> 1));
    expect(await truckFactor(repo, cacheHome)).toBe(2);
    expect(readFileSync(entry!).equals(good)).toBe(true);

    writeFileSync(entry!, 'not a cache entry');
    expect(await truckFactor(repo, cacheHome)).toBe(2);
  });

  it('keys entries by revision: a new commit gets its own entry', async () => {
    const repo = fx.build(spec);
    const cacheHome = fx.temp();
    await truckFactor(repo, cacheHome);
    await cli(['audit', repo, '--now', NOW, '--rule', 'bus-factor', '--ref', 'HEAD~1'], { env: { CI: 'true', XDG_CACHE_HOME: cacheHome } });
    expect(entries(cacheHome)).toHaveLength(2);
  });

  it('an unwritable cache folder costs only speed', async () => {
    const repo = fx.build(spec);
    const blocker = join(fx.temp(), 'file');
    writeFileSync(blocker, 'x'); // a file where the cache folder should be
    expect(await truckFactor(repo, blocker)).toBe(2);
  });
});
