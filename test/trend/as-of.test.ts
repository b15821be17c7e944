import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { openLocalRepo } from '../../src/sources/local.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();

describe('refs as they could be known at the reference time', () => {
  const spec: FixtureSpec = {
    commits: [
      { date: '2026-01-01T00:00:00Z', files: { 'a.txt': '1' }, tag: 'v1.0.0' },
      { date: '2026-03-01T00:00:00Z', files: { 'a.txt': '2' }, tag: { name: 'v1.1.0', message: 'release' } },
      { branch: 'feature/old', date: '2026-02-01T00:00:00Z', files: { 'b.txt': '1' } },
      { branch: 'feature/new', date: '2026-04-01T00:00:00Z', files: { 'c.txt': '1' } },
      { date: '2026-05-01T00:00:00Z', files: { 'a.txt': '3' } },
    ],
  };

  it('hides tags and branches dated after it, and puts the default branch at its commit of that day', async () => {
    const dir = fx.build(spec);
    const today = await openLocalRepo(dir, { cacheDir: null });
    const then = await openLocalRepo(dir, { cacheDir: null, asOf: new Date('2026-03-15T00:00:00Z') });
    try {
      const names = (refs: readonly { name: string }[]) => refs.map((r) => r.name).sort();
      expect(names(await today.view.refs())).toEqual([
        'refs/heads/feature/new',
        'refs/heads/feature/old',
        'refs/heads/main',
        'refs/tags/v1.0.0',
        'refs/tags/v1.1.0',
      ]);
      const refs = await then.view.refs();
      expect(names(refs)).toEqual(['refs/heads/feature/old', 'refs/heads/main', 'refs/tags/v1.0.0', 'refs/tags/v1.1.0']);
      const main = refs.find((r) => r.name === 'refs/heads/main')!;
      const march = (await today.view.refs()).find((r) => r.name === 'refs/tags/v1.1.0')!.commit;
      expect(main).toMatchObject({ commit: march, date: new Date('2026-03-01T00:00:00Z') });
      expect(await then.view.defaultBranch()).toBe('main');
      // Branch-only commits are those of the branches known then.
      const unmerged = await then.view.unmergedCommits(['refs/heads/main']);
      expect(unmerged).toHaveLength(1);
    } finally {
      today.close();
      then.close();
    }
  });
});
