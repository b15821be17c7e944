/**
 * The in-memory repository is the git fixture it stands for: the same spec, built as a real
 * repository and opened by the local source, gives the same view (files, reads, refs, history,
 * searches, last changes, unmerged commits) and the same outcome from every rule; and the rule
 * tester, run on the real clone, gives what `audit()` reports. Rule tests can then run in memory.
 */
import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { GITHUB_WORKFLOW, wellRun } from '../../fixtures/repos.ts';
import { RULES } from '../../rules/index.ts';
import { audit } from '../../src/index.ts';
import { openLocalRepo } from '../../src/sources/local.ts';
import { openMemoryRepo, type RepoSpec, runRule } from '../../src/testing/index.ts';
import type { RepoView } from '../../src/types.ts';
import { fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const now = new Date(NOW);

/** A history with something for every rule: branches, merges, a rename, a mailmap, tags, reverts, links and binaries. */
const busy: FixtureSpec = {
  authors: {
    ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
    grace: { name: 'Grace Hopper', email: 'grace@example.com' },
    alias: { name: 'A. Lovelace', email: 'ADA@old.example.com' },
    bot: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
  },
  commits: [
    ...wellRun.commits.slice(0, 4),
    {
      date: '2026-10-21T09:00:00Z',
      author: 'alias',
      message: 'Add notes (#12)',
      files: {
        '.mailmap': 'Ada Lovelace <ada@example.com> <ada@old.example.com>\n',
        'docs/old-name.md': '# Notes\n\nThese are notes that will move.\n',
        'bin/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
        'link-to-readme': { content: 'README.md', mode: 'symlink' },
        escape: { content: '../outside', mode: 'symlink' },
        'scripts/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 'exec' },
        'vendor/lib': { submodule: '0123456789abcdef0123456789abcdef01234567' },
        'CHANGELOG.md': '\ufeff# Changelog\n\n## 1.0.0\n- first\n',
      },
    },
    { date: '2026-10-22T09:00:00Z', branch: 'feature/cart', author: 'grace', files: { 'src/cart.ts': 'export const cart = [1];\n' } },
    { date: '2026-10-23T09:00:00Z', branch: 'feature/cart', author: 'grace', files: { 'src/cart.test.ts': 'test(1);\n' } },
    {
      date: '2026-10-24T09:00:00Z',
      files: { 'docs/new-name.md': '# Notes\n\nThese are notes that will move.\n', 'docs/old-name.md': null },
    },
    { date: '2026-10-25T09:00:00Z', message: 'Merge pull request #13 from acme/feature/cart', merge: ['feature/cart'] },
    { date: '2026-10-26T09:00:00Z', branch: 'spike/search', author: 'bot', files: { 'search.txt': 'spike\n' } },
    { date: '2026-11-02T09:00:00Z', branch: 'ds/experiment/cache', files: { 'cache.txt': '1\n' } },
    { date: '2026-11-03T09:00:00Z', message: 'Revert "Add notes"\n\nThis reverts commit 0123456.', files: { 'docs/new-name.md': null } },
    {
      date: '2026-11-04T09:00:00Z',
      committed: '2026-11-05T09:00:00Z',
      message: 'ci: deploy (#14)',
      files: { '.github/workflows/deploy.yml': GITHUB_WORKFLOW.replace('name: ci', 'name: deploy') },
      tag: { name: 'v2.0.0', message: 'Release 2.0.0' },
    },
    { date: '2026-11-06T09:00:00Z', branch: 'gh-pages', orphan: true, files: { 'index.html': '<html></html>\n' } },
    { date: '2026-11-20T09:00:00Z', author: 'grace', files: { 'src/checkout.ts': 'export const checkout = 2;\n' }, tag: 'v2.0.1' },
  ],
  remoteRefs: { 'origin/main': 'main', 'origin/spike/search': 'spike/search' },
  originHead: 'main',
};

/** Each spec, and whether to check the tester against audit() on it too (once per shape of source is enough). */
const SPECS: Record<string, [FixtureSpec, boolean]> = {
  'a well-run repository': [wellRun, true],
  'a busy history': [busy, true],
  'a bare repository': [{ ...busy, bare: true }, true],
  'a detached HEAD': [{ ...busy, head: 'detached' }, false],
  'a shallow clone': [{ ...busy, shallow: true }, true],
};

async function snapshot(view: RepoView) {
  const files = await view.files();
  const paths = [...files.map((f) => f.path), 'no/such/file', 'docs', 'src'];
  const refs = await view.refs();
  const trunk = refs.filter((r) => r.name === 'refs/heads/main' || r.name === 'refs/remotes/origin/main').map((r) => r.name);
  return {
    capabilities: [...view.capabilities].sort(),
    commit: view.commit,
    files,
    reads: await Promise.all(paths.map(async (p) => [p, await view.readFile(p), await view.readFile(p, { maxBytes: 10 })])),
    has: await Promise.all(paths.map((p) => view.has(p))),
    lastChanged: await Promise.all(paths.map(async (p) => [p, (await view.lastChanged(p))?.toISOString() ?? null])),
    refs,
    defaultBranch: await view.defaultBranch(),
    history: await view.history(),
    searches: await Promise.all(
      [String.raw`\(#[0-9]+\)|^Merge pull request #[0-9]+`, '^Revert |This reverts commit', 'notes', 'NOTHING-MATCHES'].map((p) =>
        view.searchCommits(p),
      ),
    ),
    searchLimited: await view.searchCommits('.', 3),
    unmerged: (await view.unmergedCommits(trunk)).map((c) => c.sha).sort(),
    // A commit id is a trunk tip too (a detached HEAD has no branch at the audited commit).
    unmergedById: (await view.unmergedCommits([view.commit])).map((c) => c.sha).sort(),
    unmergedByBoth: (await view.unmergedCommits([...trunk, view.commit])).map((c) => c.sha).sort(),
    unmergedByLog: await view.unmergedCommits(['refs/heads/gh-pages']).then(
      (list) => list.map((c) => c.sha).sort(),
      () => 'fails',
    ),
    forge: await view.forge(),
  };
}

describe.each(Object.entries(SPECS))('%s: in memory as in git', (_, [spec, againstAudit]) => {
  const dir = fx.build(spec);
  const memory = openMemoryRepo(spec as RepoSpec);

  it('the view answers every question alike', async () => {
    const local = await openLocalRepo(dir, { cacheDir: null });
    try {
      expect(await snapshot(memory.view)).toEqual(await snapshot(local.view));
      expect(memory.limits).toEqual(local.limits);
      expect(memory.notes).toEqual(local.notes);
      expect(memory.committedAt).toEqual(local.committedAt);
    } finally {
      local.close();
    }
  });

  it('every rule gives the same outcome, and the tester on the clone gives what audit() reports there', async () => {
    const local = await openLocalRepo(dir, { cacheDir: null });
    try {
      const report = againstAudit ? await audit({ targets: [dir], now, cache: false }) : null;
      for (const rule of RULES) {
        const inMemory = await runRule(rule, spec as RepoSpec, { now });
        const onClone = await runRule(rule, { view: local.view, limits: local.limits, committedAt: local.committedAt }, { now });
        expect(inMemory, rule.meta.id).toEqual(onClone);
        if (!report) continue;
        const { incomplete: _i, outcome: _o, kind: _k, ...entry } = onClone;
        expect(entry, rule.meta.id).toEqual(report.repos[0]!.rules.find((r) => r.id === rule.meta.id));
      }
    } finally {
      local.close();
    }
  });
});
