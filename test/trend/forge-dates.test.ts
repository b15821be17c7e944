import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FixtureCommit, FixtureSpec } from '../../fixtures/builder.ts';
import { audit, defineRule, RULES, trend, type TrendReport } from '../../src/index.ts';
import type { ForgeData } from '../../src/types.ts';
import { cli, FAST_RETRY, fixtures, buildServedRepo } from '../helpers.ts';
import { datedSeries, FakeGitHub, type FakeRepo } from '../servers/github.ts';

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

// A busy repository: the first page of issues (100 in the four days to 2026-11-20) does not reach
// back to the past point; 120 more, a day apart from 2026-11-15, do, on the next two pages.
const busy = (dir: string): FakeRepo => ({
  owner: 'acme',
  name: 'busy',
  dir,
  issues: [...datedSeries(100, 1, '2026-11-20T12:00:00Z'), ...datedSeries(120, 24, '2026-11-15T12:00:00Z')].map((createdAt, i) => ({
    number: 300 - i,
    createdAt,
    labels: ['feedback'],
    // Every third one answered the next day.
    ...(i % 3 === 0 && { firstCommentAt: new Date(Date.parse(createdAt) + 86_400_000).toISOString() }),
  })),
});

/** A rule that reads the dated lists of the forge's data and reports `metrics` of them. */
function forgeProbe(id: string, description: string, metrics: (forge: ForgeData | null) => Record<string, unknown>) {
  return defineRule({
    meta: {
      id,
      pillar: 'speed',
      risk: 'low',
      description,
      needs: ['files'],
      forgeFields: ['mergedPullRequests', 'releases', 'deployments', 'issues'],
      options: z.strictObject({}),
      remediation: 'None.',
    },
    async evaluate({ repo }) {
      const forge = repo.capabilities.has('forge') ? await repo.forge() : null;
      return { score: 10, findings: [], metrics: metrics(forge) };
    },
  });
}

/** Says what forge data it sees, as its metrics. */
const probe = forgeProbe('forge-probe', 'Says what forge data it sees.', (forge) => ({
  merged: forge?.mergedPullRequests.map((p) => p.number) ?? null,
  releases: forge?.releases.map((r) => r.tagName) ?? null,
  deployments: forge?.deployments.map((d) => `${d.createdAt.slice(0, 10)} ${d.state}`) ?? null,
  issues:
    forge?.issues.map((i) => `#${i.number} ${i.closedAt ? 'closed' : 'open'} ${i.firstCommentAt ? 'answered' : 'unanswered'}`) ?? null,
}));

/** Counts what it sees of the lists that reach back furthest, and names the newest and oldest merged pull request. */
const depthProbe = forgeProbe('forge-depth-probe', 'Counts the forge data it sees.', (forge) => {
  const numbers = forge?.mergedPullRequests.map((p) => p.number) ?? [];
  return {
    merged: numbers.length,
    newestMerged: numbers.length ? Math.max(...numbers) : null,
    oldestMerged: numbers.length ? Math.min(...numbers) : null,
    releases: forge?.releases.length ?? null,
    deployments: forge?.deployments.length ?? null,
    issues: forge?.issues.length ?? null,
  };
});

const ruleSet = [...RULES, probe, depthProbe];

// A year of history, a commit each season.
const yearOfCommits: FixtureCommit[] = ['2025-09-01', '2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'].map((day, i) => ({
  date: `${day}T12:00:00Z`,
  message: `Change (#${i + 1})`,
  files: { 'README.md': '# svc\n', 'src/a.ts': `${i}\n` },
}));

// More than a page of each list, reaching back further than a year: a pull request merged each
// day (#1000 on 2026-11-20, back to #531), a release every three days, a deployment and an issue every two.
const year = (dir: string): FakeRepo => ({
  owner: 'acme',
  name: 'year',
  dir,
  pulls: datedSeries(470, 24, '2026-11-20T12:00:00Z').map((mergedAt, i) => ({
    number: 1000 - i,
    state: 'MERGED',
    createdAt: new Date(Date.parse(mergedAt) - 86_400_000).toISOString(),
    mergedAt,
    headRefName: `work-${i}`,
    firstCommitAt: new Date(Date.parse(mergedAt) - 2 * 86_400_000).toISOString(),
  })),
  releases: datedSeries(200, 72, '2026-11-20T12:00:00Z').map((at, i) => ({ tagName: `v${200 - i}`, createdAt: at, publishedAt: at })),
  deployments: datedSeries(250, 48, '2026-11-20T12:00:00Z').map((createdAt) => ({
    environment: 'production',
    createdAt,
    state: 'SUCCESS',
  })),
  issues: datedSeries(300, 48, '2026-11-20T12:00:00Z').map((createdAt, i) => ({ number: 5000 - i, createdAt, labels: ['feedback'] })),
});

// A pull request merged every twelve hours, 600 of them: more than the ten pages blueprint reads.
const huge = (dir: string): FakeRepo => ({
  owner: 'acme',
  name: 'huge',
  dir,
  pulls: datedSeries(600, 12, '2026-11-20T12:00:00Z').map((mergedAt, i) => ({
    number: 2000 - i,
    state: 'MERGED',
    createdAt: mergedAt,
    mergedAt,
    headRefName: `work-${i}`,
    firstCommitAt: mergedAt,
  })),
});
const remote = () => ({ githubUrl: github.url, token: TOKEN, retry: FAST_RETRY, cacheDir: fx.temp() });

beforeAll(async () => {
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'acme', type: 'Organization' }],
    repos: [
      svc(serve('acme--svc.git', { commits })),
      busy(serve('acme--busy.git', { commits })),
      year(serve('acme--year.git', { commits: yearOfCommits })),
      huge(serve('acme--huge.git', { commits: yearOfCommits })),
    ],
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
    const builtIn = past!.report!.rules.filter((rule) => rule.id !== probe.meta.id && rule.id !== depthProbe.meta.id);
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

  it('a list whose first page does not reach back to the point is read further back: the rule that needs it is judged there', async () => {
    const queries = () => github.requests.filter((q) => q.path === '/api/graphql' && q.body?.includes('"busy"')).length;
    const before = queries();
    const r = await trend({ targets: ['github:acme/busy'], ...remote(), ruleSet, since: '1m', every: 'month', now: new Date(NOW) });
    // The batch's first page and two more pages of issues, read once for the trend: its points find them kept.
    expect(queries() - before).toBe(3);
    const past = ruleAt(r, 0, 'feedback-loop');
    expect(past.status).not.toBe('skip');
    // The 98 created by then (2026-10-24): 33 answered the next day, of the 89 due by then.
    expect(past.metrics).toMatchObject({ feedbackIssues: 98, triagedWithinSprint: 0.371 });
    expect(ruleAt(r, 1, 'feedback-loop').metrics).toMatchObject({ feedbackIssues: 100 });
    const audited = await audit({
      targets: ['github:acme/busy'],
      ...remote(),
      ruleSet,
      ref: r.repos[0]!.points[0]!.commit!,
      now: new Date(PAST),
      forgeAsOf: new Date(NOW),
    });
    expect(audited.repos[0]!.rules).toEqual(r.repos[0]!.points[0]!.report!.rules);
  }, 60_000);
});

/** GraphQL queries about one repository so far: the batch names it as n<i>, a page read further back as `name`. */
const queriesAbout = (name: string) =>
  github.requests.filter((q) => q.path === '/api/graphql' && new RegExp(`"(n\\d+|name)":"${name}"`).test(q.body ?? '')).length;

describe('a trend over a year of a repository with more than a page of each list', () => {
  const QUARTERS = ['2025-11-24', '2026-02-24', '2026-05-24', '2026-08-24', '2026-11-24'].map((d) => `${d}T12:00:00.000Z`);
  let report: TrendReport;
  let queries: number;
  beforeAll(async () => {
    const before = queriesAbout('year');
    report = await trend({ targets: ['github:acme/year'], ...remote(), ruleSet, since: '1y', every: 'quarter', now: new Date(NOW) });
    queries = queriesAbout('year') - before;
  }, 120_000);

  it('reads each list back to the first point once, and every point finds it kept', () => {
    expect(report.repos[0]!.points.map((p) => p.date)).toEqual(QUARTERS);
    // The batch's first page, then eight more pages of merged pull requests (nine reach back to
    // 2025-11-24 with 50 merged by then): issues, deployments and releases come along in the first rounds.
    expect(queries).toBe(9);
  });

  it('knows every point, each seeing one page of each list as it stood then, as an audit on that day would have', () => {
    const seen = report.repos[0]!.points.map((_, i) => ruleAt(report, i, 'forge-depth-probe'));
    expect(seen.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    // 2025-11-24, 361 days before the newest: #639 merged then, and the 49 before it.
    expect(seen[0]!.metrics).toEqual({ merged: 50, newestMerged: 639, oldestMerged: 590, releases: 79, deployments: 69, issues: 100 });
    expect(seen[4]!.metrics).toEqual({ merged: 50, newestMerged: 1000, oldestMerged: 951, releases: 100, deployments: 100, issues: 100 });
    for (const [i, point] of report.repos[0]!.points.entries()) {
      expect(ruleAt(report, i, 'branch-lifetime').status, point.date).not.toBe('skip');
      expect(ruleAt(report, i, 'feedback-loop').status, point.date).not.toBe('skip');
    }
  });

  it('each past point equals `audit --now <date> --forge-as-of <clock>`, which reads back only as far as its date needs', async () => {
    for (const point of report.repos[0]!.points.slice(0, -1)) {
      const before = queriesAbout('year');
      const audited = await audit({
        targets: ['github:acme/year'],
        ...remote(),
        ruleSet,
        ref: point.commit!,
        now: new Date(point.date),
        forgeAsOf: new Date(NOW),
      });
      expect(audited.repos[0]!.rules, point.date).toEqual(point.report!.rules);
      // From a cold cache: the later the date, the fewer pages.
      expect(queriesAbout('year') - before, point.date).toBe(
        { '2025-11-24': 9, '2026-02-24': 7, '2026-05-24': 5, '2026-08-24': 3 }[point.date.slice(0, 10)],
      );
    }
  }, 120_000);

  it('a list longer than the ten pages blueprint reads leaves the points before what they reach unknown, saying why', async () => {
    const before = queriesAbout('huge');
    const r = await trend({ targets: ['github:acme/huge'], ...remote(), ruleSet, since: '1y', every: 'quarter', now: new Date(NOW) });
    expect(queriesAbout('huge') - before).toBe(10);
    const statuses = r.repos[0]!.points.map((_, i) => ruleAt(r, i, 'branch-lifetime').status);
    expect(statuses.slice(0, 2)).toEqual(['skip', 'skip']);
    expect(statuses.slice(2)).not.toContain('skip');
    expect(ruleAt(r, 0, 'branch-lifetime').reason).toBe(
      'needs forge data that cannot be known: merged pull requests (the forge gave the newest only, back to 2026-03-16, as blueprint reads no more than 10 pages (500 entries)), at 2025-11-24',
    );
    expect(r.repos[0]!.points[0]!.complete).toBe(false);
    expect(ruleAt(r, 2, 'forge-depth-probe').metrics).toMatchObject({ merged: 50 });
    // Just after what the pages reach, fewer than a page's worth of what was merged by then is known.
    const audited = await audit({
      targets: ['github:acme/huge'],
      ...remote(),
      ruleSet,
      rules: ['branch-lifetime'],
      now: new Date('2026-03-20T12:00:00Z'),
      forgeAsOf: new Date(NOW),
    });
    expect(audited.repos[0]!.rules[0]).toMatchObject({
      status: 'skip',
      reason:
        'needs forge data that cannot be known: merged pull requests (the forge gave the newest only, back to 2026-03-16, which holds 10 of the 50 newest then, as blueprint reads no more than 10 pages (500 entries)), at 2026-03-20',
    });
  }, 120_000);
});
