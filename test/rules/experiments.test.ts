import { describe, expect, it } from 'vitest';
import type { FixtureCommit } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');
const day = '2026-11-20T00:00:00Z';

async function experiments(files: Record<string, string>, commits: FixtureCommit[] = []) {
  return runRule(findRule('experiments')!, { commits: [{ date: day, files: { 'README.md': '# x\n', ...files } }, ...commits] }, { now });
}

const ADR =
  '# Use one versioning scheme\n\n## Status\nAccepted\n\n## Context\nModules were versioned apart.\n\n## Decision\nOne version for the repository.\n\n## Consequences\nReleases are simpler.\n';

describe('experiments: decision records', () => {
  it('recognises the common ADR layouts at any depth: adr(s)/, decisions/, decision-records/, architecture/decisions/ …', async () => {
    const r = await experiments({
      'adrs/20261001-versioning.md': ADR,
      'adrs/modules/20261015-iam-refactor.md': ADR,
      'adrs/README.md': '# ADRs\n',
      'decisions/0001-use-postgres.md': ADR,
      'doc/adrs/0002-queues.md': ADR,
      'architecture/decisions/0003-monorepo.md': ADR,
      'docs/decision-records/0004-auth.md': ADR,
      'docs/architecture-decisions/0005-cache.md': ADR,
      'services/payments/docs/adr/0006-ledger.md': ADR,
    });
    expect(r.metrics).toMatchObject({ records: 8, withLearning: 8 });
    expect(r.status).not.toBe('skip');
  });

  it("RFCs are proposals, not write-ups of what a trial taught; vendored and test-data records are not the project's", async () => {
    const r = await experiments({
      'rfcs/0296-structured-logging.md': '# Summary\nAdd structured logging.\n# Motivation\nx\n# Unresolved questions\nx\n',
      'text/0001-rfc-process.md': '# RFC\n',
      'node_modules/pkg/docs/adr/0001-x.md': ADR,
      'vendor/lib/adr/0001-x.md': ADR,
      'test/fixtures/decisions/0001-x.md': ADR,
    });
    expect(r).toMatchObject({ status: 'skip', metrics: { records: 0 } });
  });
});

describe('experiments: spike branches', () => {
  it("counts spike and experiment branches under a person's prefix (ds/experiment/…, sams/exp/…)", async () => {
    const branch = (name: string): FixtureCommit => ({ date: day, branch: name, files: { [`${name.replace(/\//g, '-')}.txt`]: '1\n' } });
    const r = await experiments({ 'a.js': '1\n' }, [
      branch('ds/experiment/trigger-block'),
      branch('sams/exp/ref-comparison'),
      branch('experiment/no-cycles'),
      branch('feature/experimental-ui'),
      branch('ds/fix/exp'),
    ]);
    expect(r).toMatchObject({ score: 2, metrics: { spikeBranches: 3 } });
  });
});
