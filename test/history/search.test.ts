import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { type KeptSearch, searchMessages } from '../../src/history/search.ts';
import { tracingGit } from '../tracing-git.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { revParse } from './history-fixtures.ts';

const fx = fixtures();

const day = (d: number) => `2026-02-${String(d).padStart(2, '0')}T00:00:00Z`;

const SPEC: FixtureSpec = {
  commits: [
    { date: day(1), files: { 'a.js': '1' }, message: 'Add a' },
    { date: day(2), files: { 'a.js': '2' }, message: 'Change a (#1)' },
    { date: day(3), files: { 'a.js': '3' }, message: 'Revert "Change a (#1)"\n\nThis reverts commit 1234567.', tag: 'v1' },
    { branch: 'side', date: day(4), committed: day(1), files: { 'b.js': '1' }, message: 'Side work (#2)' },
    { date: day(5), files: { 'a.js': '4' }, message: 'Change a again (#3)' },
    { date: day(6), merge: ['side'], message: 'Merge pull request #4 from side' },
    { date: day(6), files: { 'a.js': '5' }, message: 'Same second (#5)', tag: 'v2' },
    { branch: 'forced', from: 'v1', date: day(7), files: { 'a.js': 'x' }, message: 'Rewritten (#6)' },
  ],
};

const PR = String.raw`\(#[0-9]+\)|^Merge pull request #[0-9]+`;

describe('cached commit message searches', () => {
  const dir = fx.build(SPEC);
  const search = (rev: string, cacheDir: string | null, limit = 100, pattern = PR) =>
    searchMessages({ root: dir, gitDir: `${dir}/.git`, commit: revParse(dir, rev), pattern, limit, cacheDir });

  it('an extended search equals a search of the whole history, limit included', async () => {
    for (const limit of [100, 3, 1]) {
      const cacheDir = fx.temp();
      await search('v1', cacheDir, limit);
      const extended = await search('v2', cacheDir, limit);
      expect(extended).toEqual(await search('v2', null, limit));
      expect(await search('v2', cacheDir, limit)).toEqual(extended);
    }
    // Newest author date first, ties by hash: not the order of git's walk, which the cache cannot replay.
    const subjects = (await search('v2', null)).map((c) => c.message.split('\n')[0]);
    expect(new Set(subjects.slice(0, 2))).toEqual(new Set(['Same second (#5)', 'Merge pull request #4 from side']));
    expect(subjects.slice(2)).toEqual(['Change a again (#3)', 'Side work (#2)', 'Revert "Change a (#1)"', 'Change a (#1)']);
  });

  it('a run’s searches one after another extend the one before in memory; one that does not write leaves no entry', async () => {
    const cacheDir = fx.temp();
    const kept: KeptSearch = {};
    const { dir: bin, calls } = tracingGit(fx.temp());
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    const middle = revParse(dir, 'v2^^');
    let found: Awaited<ReturnType<typeof searchMessages>>[] = [];
    try {
      found = [];
      for (const [rev, write] of [
        ['v1', true],
        [middle, false],
        ['v2', true],
      ] as const)
        found.push(
          await searchMessages({
            root: dir,
            gitDir: `${dir}/.git`,
            commit: revParse(dir, rev),
            pattern: PR,
            limit: 100,
            cacheDir,
            kept,
            write,
          }),
        );
    } finally {
      process.env.PATH = path;
    }
    expect(found[1]).toEqual(await search(middle, null));
    expect(found[2]).toEqual(await search('v2', null));
    // v2 searched only what it adds to the middle commit, whose search was never written.
    const greps = calls().filter((c) => c.includes('--grep'));
    expect(greps).toHaveLength(3);
    expect(greps[2]).toContain(`${revParse(dir, 'v2')} ^${middle}`);
    expect(readdirSync(join(cacheDir, 'queries')).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
  });

  it('a rewritten history is searched again, and the cache keeps one entry per commit and query', async () => {
    const cacheDir = fx.temp();
    await search('v2', cacheDir);
    expect((await search('forced', cacheDir)).map((c) => c.message.split('\n')[0])).toEqual([
      'Rewritten (#6)',
      'Revert "Change a (#1)"',
      'Change a (#1)',
    ]);
    await search('forced', cacheDir, 100, '^Revert ');
    expect(readdirSync(join(cacheDir, 'queries')).filter((f) => f.endsWith('.bin'))).toHaveLength(3);
  });

  it('delivery measures the same from a cache extended commit by commit as without a cache', async () => {
    const cacheHome = fx.temp();
    const audit = (ref: string, extra: string[] = []) =>
      cli(['audit', dir, '--now', NOW, '--ref', ref, '--format', 'json', ...extra], { env: { CI: 'true', XDG_CACHE_HOME: cacheHome } });
    await audit('v1');
    const cached = JSON.parse((await audit('v2')).stdout);
    const fresh = JSON.parse((await audit('v2', ['--no-cache'])).stdout);
    expect(cached.repos[0].rules).toEqual(fresh.repos[0].rules);
  });
});
