/**
 * The rule tester holds rules to what an audit holds them to: options through the rule's schema
 * as blueprint.yml's are, and an outcome the report can carry. It takes a rule of one's own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findRule } from '../../rules/index.ts';
import { memoryView, openMemoryRepo, type RepoSpec, RuleTesterError, runRule } from '../../src/testing/index.ts';
import { defineRule, type RuleOutcome } from '../../src/types.ts';

const now = new Date('2026-11-24T12:00:00Z');
const spec: RepoSpec = { commits: [{ date: '2026-11-20T00:00:00Z', files: { 'README.md': '# Shop\n', 'docs/a.md': 'x\n' } }] };

/** A rule of one's own: counts Markdown files, and returns whatever `shape` makes of its outcome. */
function ownRule(shape: (outcome: RuleOutcome) => unknown = (o) => o) {
  return defineRule({
    meta: {
      id: 'markdown-count',
      pillar: 'speed',
      description: 'Counts Markdown files.',
      risk: 'low',
      needs: ['files'],
      options: z.strictObject({ min: z.number().int().min(0).default(1) }),
      remediation: 'Write some Markdown.',
    },
    async evaluate({ repo, options }) {
      const count = (await repo.files()).filter((f) => f.path.endsWith('.md')).length;
      const outcome: RuleOutcome = {
        score: count >= options.min ? 10 : 0,
        metrics: { count },
        findings: count >= options.min ? [] : [{ severity: 'warning', message: `Only ${count} Markdown files.`, path: null, line: null }],
      };
      return shape(outcome) as RuleOutcome;
    },
  });
}

describe('runRule', () => {
  it("runs a rule of one's own, with its options validated and defaulted by its schema", async () => {
    expect(await runRule(ownRule(), spec, { now })).toMatchObject({
      id: 'markdown-count',
      status: 'pass',
      score: 10,
      severity: 'error',
      metrics: { count: 2 },
      incomplete: null,
    });
    expect(await runRule(ownRule(), spec, { now, options: { min: 3 }, severity: 'warn' })).toMatchObject({
      status: 'warn',
      score: 0,
      findings: [{ severity: 'warning', message: 'Only 2 Markdown files.' }],
    });
  });

  it('options the schema refuses are an error naming the option, as in blueprint.yml', async () => {
    await expect(runRule(ownRule(), spec, { options: { min: -1 } })).rejects.toThrow(/rules\.markdown-count\.options\.min/);
    await expect(runRule(ownRule(), spec, { options: { mni: 1 } })).rejects.toThrow(/unknown option 'mni'/);
    await expect(runRule(findRule('delivery')!, spec, { options: { tagPattern: '(' } })).rejects.toThrow(RuleTesterError);
  });

  it("reads the spec's own blueprint.yml when no options are given, as an audit does", async () => {
    const own = {
      commits: [{ date: '2026-11-20T00:00:00Z', files: { 'README.md': '# x\n', 'blueprint.yml': 'rules:\n  markdown-count: off\n' } }],
    };
    expect(await runRule(ownRule(), own, { now })).toMatchObject({
      status: 'skip',
      reason: 'turned off in blueprint.yml (at ' + openMemoryRepo(own).view.commit.slice(0, 12) + ')',
    });
  });

  it.each([
    ['a score over 10', (o: RuleOutcome) => ({ ...o, score: 11 }), /score is 11/],
    ['a metric that is a Date', (o: RuleOutcome) => ({ ...o, metrics: { at: new Date() } }), /metrics\.at does not survive/],
    ['a metric that is NaN', (o: RuleOutcome) => ({ ...o, metrics: { ratio: Number.NaN } }), /metrics\.ratio/],
    [
      'an absolute finding path',
      (o: RuleOutcome) => ({ ...o, findings: [{ severity: 'info', message: 'x', path: '/etc/passwd', line: null }] }),
      /not repository-relative/,
    ],
    ['a finding without a line field', (o: RuleOutcome) => ({ ...o, findings: [{ severity: 'info', message: 'x', path: null }] }), /line/],
    [
      'a made-up severity',
      (o: RuleOutcome) => ({ ...o, findings: [{ severity: 'fatal', message: 'x', path: null, line: null }] }),
      /severity/,
    ],
    ['a line of no line', (o: RuleOutcome) => ({ ...o, findings: [{ severity: 'info', message: 'x', path: 'a.md', line: 0 }] }), /line/],
    ['an unknown field', (o: RuleOutcome) => ({ ...o, scor: 1 }), /unknown field 'scor'/],
  ])('refuses an outcome the report cannot hold: %s', async (_, shape, message) => {
    await expect(runRule(ownRule(shape), spec, { now })).rejects.toThrow(message);
  });

  it('a rule that throws is an error result, as in an audit; an unreadable file makes it incomplete', async () => {
    const throwing = ownRule(() => {
      throw new Error('boom\nsecond line');
    });
    expect(await runRule(throwing, spec, { now })).toMatchObject({ status: 'error', reason: 'rule failed: boom' });
    const reader = defineRule({
      ...ownRule(),
      evaluate: async ({ repo }) => ({ score: (await repo.readText('README.md')) ? 10 : 0, metrics: {}, findings: [] }),
    });
    expect(await runRule(reader, { ...spec, missingObjects: ['README.md'] }, { now })).toMatchObject({
      status: 'error',
      reason: 'could not read README.md (its object is missing from the repository), so there is no verdict',
      incomplete: expect.stringMatching(/^markdown-count: could not read README\.md/),
    });
  });

  it('a capability the source lacks or limits skips the rule, with the reason', async () => {
    const history = defineRule({ ...ownRule(), meta: { ...ownRule().meta, needs: ['files', 'history'] } });
    expect(await runRule(history, { ...spec, capabilities: ['files'] }, { now })).toMatchObject({
      status: 'skip',
      reason: 'needs history, which this source does not provide',
      incomplete: null,
    });
    expect(await runRule(history, { ...spec, shallow: true }, { now })).toMatchObject({
      status: 'skip',
      incomplete: expect.stringMatching(/^markdown-count was skipped: it needs the full history, but the clone is shallow/),
    });
  });

  it('forge data in the spec reaches the rule, and files over the read cap are named', async () => {
    const forge = {
      owner: 'acme',
      name: 'shop',
      defaultBranch: 'main',
      archived: false,
      protection: { requiredReviews: 2, codeOwnerReviews: true, adminsEnforced: true },
      mergedPullRequests: [],
      openPullRequests: [],
      collaborators: { admins: ['ada'], outside: [] },
      teams: {},
      releases: [],
      deployments: [],
      issues: [],
    };
    const view = memoryView({ ...spec, forge });
    expect(view.capabilities.has('forge')).toBe(true);
    expect(await view.forge()).toEqual(forge);
    const big = { commits: [{ date: '2026-11-20T00:00:00Z', files: { 'README.md': `# ${'x'.repeat(2000)}\n` } }] };
    const reader = defineRule({
      ...ownRule(),
      evaluate: async ({ repo }) => ({ score: (await repo.readText('README.md')) ? 10 : 5, metrics: {}, findings: [] }),
    });
    expect(await runRule(reader, big, { now, maxFileBytes: 1000 })).toMatchObject({
      score: 5,
      findings: [
        {
          severity: 'info',
          code: 'file-over-read-cap',
          data: { path: 'README.md', limit: '1 KiB', size: '2 KiB' },
          message: 'README.md was not read: it is 2 KiB, over the 1 KiB read cap.',
          path: 'README.md',
          line: null,
        },
      ],
    });
  });
});

describe('blueprint-audit/testing', () => {
  it('is a public entry point of the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./testing']).toEqual({ types: './dist/src/testing/index.d.ts', import: './dist/src/testing/index.js' });
  });
});
