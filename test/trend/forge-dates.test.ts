import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FixtureCommit, FixtureSpec } from '../../fixtures/builder.ts';
import { audit, defineRule, RULES, trend, type TrendReport } from '../../src/index.ts';
import { cli, fixtures, buildServedRepo } from '../helpers.ts';
import { FakeGitHub, type FakeRepo } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_TESTTOKEN1234567890abcdefghij';
// The trend's clock: the forge's data describes this moment.
const NOW = '2026-11-24T12:00:00Z';
const PAST = '2026-10-24T12:00:00.000Z';
let github: FakeGitHub;

const commits: FixtureCommit[] = [
  { date: '2026-09-01T12:00:00Z', message: 'Start', files: { 'README.md': '# svc\n', 'src/a.ts': '1\n' } },
  { date: '2026-10-01T12:00:00Z', message: 'Change (#1)', files: { 'src/a.ts': '2\n' } },
  { date: '2026-11-01T12:00:00Z', message: 'Change (#2)', files: { 'src/a.ts': '3\n' } },
];

function serve(name: string, spec: FixtureSpec): string {
  return buildServedRepo(spec, join(fx.temp(), name));
}

const svc = (dir: string): FakeRepo => ({
  owner: 'acme',
  name: 'svc',
  dir,
  protection: { requiredReviews: 1, codeOwnerReviews: false, adminsEnforced: true },
  collaborators: [{ login: 'ada', permission: 'ADMIN' }],
  pulls: [
    {
      number: 1,
      state: 'MERGED',
      createdAt: '2026-09-28T12:00:00Z',
      mergedAt: '2026-10-01T12:00:00Z',
      // Commented on since it was merged: the newest by last update, so GitHub lists it first.
      updatedAt: '2026-11-15T12:00:00Z',
      headRefName: 'one',
      firstCommitAt: '2026-09-27T12:00:00Z',
    },
    // Open at the past point, merged after it.
    {
      number: 2,
      state: 'MERGED',
      createdAt: '2026-10-20T12:00:00Z',
      mergedAt: '2026-11-01T12:00:00Z',
      headRefName: 'two',
      firstCommitAt: '2026-10-19T12:00:00Z',
    },
    { number: 3, state: 'OPEN', createdAt: '2026-11-10T12:00:00Z', headRefName: 'three', firstCommitAt: '2026-11-09T12:00:00Z' },
  ],
  releases: [
    { tagName: 'v2', createdAt: '2026-11-01T12:00:00Z', publishedAt: '2026-11-01T12:00:00Z' },
    { tagName: 'v1', createdAt: '2026-10-01T12:00:00Z', publishedAt: '2026-10-01T12:00:00Z' },
  ],
  deployments: [
    { environment: 'production', createdAt: '2026-11-01T12:00:00Z', state: 'SUCCESS' },
    // Its status came after the past point: then, it had none that is known.
    { environment: 'production', createdAt: '2026-10-20T12:00:00Z', state: 'FAILURE', stateAt: '2026-10-30T12:00:00Z' },
    { environment: 'production', createdAt: '2026-10-01T12:00:00Z', state: 'SUCCESS' },
  ],
  issues: [
    { number: 12, createdAt: '2026-11-05T12:00:00Z', labels: ['feedback'] },
    {
      number: 11,
      createdAt: '2026-10-10T12:00:00Z',
      closedAt: '2026-11-02T12:00:00Z',
      firstCommentAt: '2026-10-30T12:00:00Z',
      labels: ['feedback'],
    },
  ],
});

// A busy repository: the one page of issues the forge gives does not reach back to the past point.
const busy = (dir: string): FakeRepo => ({
  owner: 'acme',
  name: 'busy',
  dir,
  issues: Array.from({ length: 100 }, (_, i) => ({
    number: 200 - i,
    createdAt: new Date(Date.parse('2026-11-20T12:00:00Z') - i * 3_600_000).toISOString(),
    labels: ['feedback'],
  })),
});

/** Reads the forge's data and says what it saw, as its metrics. */
const probe = defineRule({
  meta: {
    id: 'forge-probe',
    pillar: 'speed',
    risk: 'low',
    description: 'Says what forge data it sees.',
    needs: ['files'],
    forgeFields: ['mergedPullRequests', 'releases', 'deployments', 'issues'],
    options: z.strictObject({}),
    remediation: 'None.',
  },
  async evaluate({ repo }) {
    const forge = repo.capabilities.has('forge') ? await repo.forge() : null;
    return {
      score: 10,
      findings: [],
      metrics: {
        merged: forge?.mergedPullRequests.map((p) => p.number) ?? null,
        releases: forge?.releases.map((r) => r.tagName) ?? null,
        deployments: forge?.deployments.map((d) => `${d.createdAt.slice(0, 10)} ${d.state}`) ?? null,
        issues:
          forge?.issues.map((i) => `#${i.number} ${i.closedAt ? 'closed' : 'open'} ${i.firstCommentAt ? 'answered' : 'unanswered'}`) ??
          null,
      },
    };
  },
});

const ruleSet = [...RULES, probe];
const remote = () => ({ githubUrl: github.url, token: TOKEN, cacheDir: fx.temp() });

beforeAll(async () => {
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'acme', type: 'Organization' }],
    repos: [svc(serve('acme--svc.git', { commits })), busy(serve('acme--busy.git', { commits }))],
  });
  await github.start();
}, 60_000);
afterAll(() => github?.stop());

const ruleAt = (report: TrendReport, index: number, id: string) => report.repos[0]!.points[index]!.report!.rules.find((r) => r.id === id)!;

describe('trend of a forge repository: forge data as it could be known at each point', () => {
  let report: TrendReport;
  beforeAll(async () => {
    report = await trend({ targets: ['github:acme/svc'], ...remote(), ruleSet, since: '1m', every: 'month', now: new Date(NOW) });
  }, 60_000);

  it('keeps what existed at the past point, and takes back what happened since', () => {
    expect(report.repos[0]!.points.map((p) => p.date)).toEqual([PAST, new Date(NOW).toISOString()]);
    expect(ruleAt(report, 0, 'forge-probe').metrics).toEqual({
      // #2 was merged after the point: it does not count there.
      merged: [1],
      releases: ['v1'],
      deployments: ['2026-10-20 null', '2026-10-01 success'],
      issues: ['#11 open unanswered'],
    });
    expect(ruleAt(report, 1, 'forge-probe').metrics).toEqual({
      merged: [1, 2],
      releases: ['v2', 'v1'],
      deployments: ['2026-11-01 success', '2026-10-20 failure', '2026-10-01 success'],
      issues: ['#12 open unanswered', '#11 closed answered'],
    });
  });

  it('skips a rule that needs what has no past (branch protection), naming it, and judges it at the newest point', () => {
    const past = ruleAt(report, 0, 'access-review');
    expect(past.status).toBe('skip');
    expect(past.reason).toBe(
      'needs forge data that cannot be known: branch protection and the collaborators (the forge keeps no history, only the state at 2026-11-24), at 2026-10-24',
    );
    expect(ruleAt(report, 1, 'access-review').status).not.toBe('skip');
    const point = report.repos[0]!.points[0]!;
    expect(point.complete).toBe(false);
    expect(point.report!.incomplete).toContainEqual(expect.stringMatching(/^access-review was skipped: it needs forge data/));
    expect(point.notes).toEqual([
      'forge data as it could be known at 2026-10-24: pull requests, releases, deployments and issues that existed then; rules that need what has no past (branch protection, collaborators, teams) are skipped',
    ]);
    expect(report.repos[0]!.points[1]!.notes).toEqual([]);
  });

  it('each point equals `audit --ref <commit> --now <date> --forge-as-of <clock>`, and the library call', async () => {
    for (const point of report.repos[0]!.points) {
      const audited = await audit({
        targets: ['github:acme/svc'],
        ...remote(),
        ruleSet,
        ref: point.commit!,
        now: new Date(point.date),
        forgeAsOf: new Date(NOW),
      });
      const { report: full } = point;
      expect(audited.repos[0]!.rules).toEqual(full!.rules);
      expect(audited.repos[0]!.score).toBe(full!.score);
      expect(audited.repos[0]!.notes).toEqual(full!.notes);
    }
    const [past] = report.repos[0]!.points;
    const r = await cli(
      [
        'audit',
        'github:acme/svc',
        '--github-url',
        github.url,
        '--ref',
        past!.commit!,
        '--now',
        past!.date,
        '--forge-as-of',
        NOW,
        '--format',
        'json',
      ],
      { env: { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN } },
    );
    expect(r.stderr).toBe('');
    const fromCli = JSON.parse(r.stdout).repos[0];
    const builtIn = past!.report!.rules.filter((rule) => rule.id !== 'forge-probe');
    expect(fromCli.rules).toEqual(builtIn);
    expect(fromCli.notes).toEqual(past!.report!.notes);
  }, 120_000);

  it('`audit --now <date>` without --forge-as-of takes the forge data as read, as describing that date', async () => {
    const audited = await audit({
      targets: ['github:acme/svc'],
      ...remote(),
      ruleSet,
      now: new Date(PAST),
      ref: report.repos[0]!.points[0]!.commit!,
    });
    const rules = audited.repos[0]!.rules;
    expect(rules.find((r) => r.id === 'access-review')!.status).not.toBe('skip');
    // The data is cut back only where the reference time is before the time it is said to describe.
    expect(rules.find((r) => r.id === 'forge-probe')!.metrics.merged).toEqual([1, 2]);
  }, 60_000);

  it('a list whose one page does not reach back to the point is unknown there: the rule that needs it is skipped', async () => {
    const r = await trend({ targets: ['github:acme/busy'], ...remote(), ruleSet, since: '1m', every: 'month', now: new Date(NOW) });
    expect(ruleAt(r, 0, 'feedback-loop')).toMatchObject({
      status: 'skip',
      reason: 'needs forge data that cannot be known: issues (the forge gave the newest only, back to 2026-11-16), at 2026-10-24',
    });
    expect(ruleAt(r, 1, 'feedback-loop').status).not.toBe('skip');
  }, 60_000);
});
