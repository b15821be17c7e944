import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn, type FixtureCommit } from '../../fixtures/builder.ts';
import { cli, fixtures } from '../helpers.ts';
import { FakeGitHub } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_TESTTOKEN1234567890abcdefghij';
const NOW = '2026-11-24T12:00:00Z';
let github: FakeGitHub;

// Squash-merged pull requests #1 … #6, each released the day it landed.
const commits: FixtureCommit[] = Array.from({ length: 6 }, (_, i) => ({
  date: `2026-11-0${i + 1}T12:00:00Z`,
  message: `Change ${i + 1} (#${i + 1})`,
  files: { [`src/f${i}.ts`]: '1\n' },
  tag: `v1.${i}.0`,
}));

beforeAll(async () => {
  const dir = buildFixture({ commits, bare: true }, join(fx.temp(), 'acme--shop.git'));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'acme', type: 'Organization' }],
    repos: [
      {
        owner: 'acme',
        name: 'shop',
        dir,
        // Work on each began 2, 4, 6, 8, 10 and 12 hours before it merged.
        pulls: commits.map((c, i) => ({
          number: i + 1,
          state: 'MERGED' as const,
          createdAt: c.date,
          firstCommitAt: new Date(Date.parse(c.date) - (i + 1) * 2 * 3_600_000).toISOString(),
          mergedAt: c.date,
          headRefName: `change-${i + 1}`,
        })),
      },
    ],
  });
  await github.start();
});
afterAll(() => github?.stop());

describe('delivery with GitHub data', () => {
  it("times lead time from each pull request's first commit, found in the history by its number", async () => {
    const r = await cli(['audit', '--github-url', github.url, '--now', NOW, '--format', 'json', '--rule', 'delivery', 'github:acme/shop'], {
      env: { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN },
    });
    const delivery = JSON.parse(r.stdout).repos[0].rules.find((x: { id: string }) => x.id === 'delivery');
    // Squash merges alone would leave lead time unknown; the pull requests give 2 … 12 hours.
    expect(delivery.metrics).toMatchObject({
      leadTimeFrom: 'pull-requests',
      leadTimeMedianHours: 7,
      sample: { releases: 6, changes: 6, squashMerged: 6 },
      tiers: { leadTimeHours: 'elite' },
    });
  });
});
