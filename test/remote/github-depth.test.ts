/**
 * An audit of a past date reads GitHub's dated lists further back than their first page, for
 * the repositories whose first page does not reach the date, alone. A page further back that
 * GitHub answers badly leaves its list known as far as the pages read reach, and the rules that
 * need it unknown before then, with the reason; such a read is not kept. The data kept on disk
 * records how far back it was read, so a shallow entry never serves a run that needs more.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FixtureCommit } from '../../fixtures/builder.ts';
import { audit, defineRule, RULES } from '../../src/index.ts';
import { createGitHubClient, githubEndpoints } from '../../src/github/client.ts';
import { ForgeLoader } from '../../src/github/forge.ts';
import { buildServedRepo, cli, FAST_RETRY, fixtures, NOW } from '../helpers.ts';
import { datedSeries, FakeGitHub, type FakePull, type FakeRepo, type Fault } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_DEPTH0123456789abcdefghijklmnopq';
const PAST = '2026-06-01T12:00:00Z';
/** The first answer and three retries. */
const ATTEMPTS = 4;
const FOREVER = 20;
const SLOW = 120_000;

const commits: FixtureCommit[] = [
  { date: '2026-01-10T12:00:00Z', message: 'Start', files: { 'README.md': '# svc\n', 'src/a.ts': '1\n' } },
  { date: '2026-05-10T12:00:00Z', message: 'Change', files: { 'src/a.ts': '2\n' } },
  { date: '2026-10-10T12:00:00Z', message: 'Change', files: { 'src/a.ts': '3\n' } },
];

/** `count` merged pull requests, `stepHours` apart, the newest merged on 2026-11-20. */
function merged(count: number, stepHours: number): FakePull[] {
  return datedSeries(count, stepHours, '2026-11-20T12:00:00Z').map((mergedAt, i) => ({
    number: 1000 - i,
    state: 'MERGED',
    createdAt: mergedAt,
    mergedAt,
    headRefName: `work-${i}`,
    firstCommitAt: mergedAt,
  }));
}

/** How many merged pull requests the rule sees. */
const probe = defineRule({
  meta: {
    id: 'merged-probe',
    pillar: 'speed',
    risk: 'low',
    description: 'Counts the merged pull requests it sees.',
    needs: ['files'],
    forgeFields: ['mergedPullRequests'],
    options: z.strictObject({}),
    remediation: 'None.',
  },
  async evaluate({ repo }) {
    const forge = repo.capabilities.has('forge') ? await repo.forge() : null;
    return { score: 10, findings: [], metrics: { merged: forge?.mergedPullRequests.length ?? null } };
  },
});
const ruleSet = [...RULES, probe];

let github: FakeGitHub;
let dir: string;
beforeAll(async () => {
  dir = buildServedRepo({ commits }, join(fx.temp(), 'served.git'));
  const repo = (name: string, pulls: FakePull[] = []): FakeRepo => ({ owner: 'acme', name, dir, pulls });
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [
      { login: 'acme', type: 'Organization' },
      { login: 'many', type: 'Organization' },
    ],
    repos: [
      // Two days apart, back to 2026-03-25: three pages, the last two needed for PAST.
      ...['frail', 'f-page', 'f-cut', 'f-shape', 'f-null'].map((name) => repo(name, merged(120, 48))),
      // A day apart, back to 2025-09-25.
      repo('long', merged(420, 24)),
      // An organisation of 21 (one more than a batch), one with more than a page of merged pull requests.
      ...Array.from(
        { length: 21 },
        (_, i): FakeRepo => ({
          owner: 'many',
          name: `r-${String(i).padStart(2, '0')}`,
          dir,
          pulls: i === 7 ? merged(420, 24) : merged(3, 24),
        }),
      ),
    ],
  });
  await github.start();
}, 60_000);
afterAll(() => github?.stop());

/** GraphQL queries about one repository: the batch names it as n<i>, a page read further back as `name`. */
const queriesAbout = (name: string) =>
  github.requests.filter((q) => q.path === '/api/graphql' && new RegExp(`"(n\\d+|name)":"${name}"`).test(q.body ?? '')).length;
/** The queries for the second page of merged pull requests of one repository (its cursor is "50"). */
const secondPageOf = (name: string) => new RegExp(`^POST /api/graphql .*"name":"${name}".*"merged":"50"`);

/** The merged-probe and branch-lifetime rows of `blueprint audit github:acme/<name>`, with the exit code. */
async function auditCli(name: string, cache: string, at?: string) {
  const past = at ? ['--now', at, '--forge-as-of', NOW] : ['--now', NOW];
  const r = await cli(
    ['audit', `github:acme/${name}`, '--github-url', github.url, ...past, '--rule', 'branch-lifetime', '--format', 'json'],
    {
      env: { CI: 'true', GITHUB_TOKEN: TOKEN, XDG_CACHE_HOME: cache },
    },
  );
  const repo = r.stdout ? JSON.parse(r.stdout).repos[0] : null;
  return { ...r, rule: repo?.rules.find((x: { id: string }) => x.id === 'branch-lifetime') };
}

const library = (name: string, cacheDir: string, at?: string) =>
  audit({
    targets: [`github:acme/${name}`],
    githubUrl: github.url,
    token: TOKEN,
    retry: FAST_RETRY,
    cacheDir,
    ruleSet,
    rules: ['merged-probe'],
    now: new Date(at ?? NOW),
    ...(at && { forgeAsOf: new Date(NOW) }),
  }).then((report) => report.repos[0]!.rules[0]!);

describe('reading further back than the first page', () => {
  it('reads the pages a past date needs, for that repository alone, and sees what was merged by then', async () => {
    const before = queriesAbout('frail');
    const rule = await library('frail', fx.temp(), PAST);
    // The batch, then pages 2 and 3: fewer than 50 were merged by 2026-06-01 (34), so every one is needed.
    expect(queriesAbout('frail') - before).toBe(3);
    expect(rule).toMatchObject({ status: 'pass', metrics: { merged: 34 } });
  });

  it('an audit of today reads the first page alone', async () => {
    const before = queriesAbout('frail');
    expect(await library('frail', fx.temp())).toMatchObject({ metrics: { merged: 50 } });
    expect(queriesAbout('frail') - before).toBe(1);
  });

  it('an organisation keeps its batches; only the repository whose first page falls short is read further, on its own', async () => {
    const octokit = createGitHubClient({ ...githubEndpoints(github.url), token: TOKEN, cacheDir: null, retry: FAST_RETRY });
    const loader = new ForgeLoader(octokit, null, github.url, { readBackTo: new Date(PAST) });
    const start = github.requests.length;
    const names = Array.from({ length: 21 }, (_, i) => `r-${String(i).padStart(2, '0')}`);
    const data = await Promise.all(loader.load(names.map((name) => ({ owner: 'many', name, stamp: 'listed' }))).values());
    expect(data.map((d) => d.mergedPullRequests.length)).toEqual(names.map((n) => (n === 'r-07' ? 250 : 3)));
    const queries = github.requests.slice(start).filter((q) => q.path === '/api/graphql');
    const batches = queries.filter((q) => q.body?.includes('fragment Repo'));
    const pages = queries.filter((q) => q.body?.includes('after: $merged'));
    expect(batches).toHaveLength(2);
    // 2026-06-01 is 172 days before the newest: pages 2 to 5 hold the 50 merged by then.
    expect(pages).toHaveLength(4);
    expect(pages.every((q) => q.body!.includes('"name":"r-07"'))).toBe(true);
    // And the teams query: nothing else.
    expect(queries).toHaveLength(2 + 4 + 1);
  });
});

describe('a page further back that GitHub answers badly', () => {
  const PAGE: Fault = { kind: 'not-json' };
  const CUT: Fault = { kind: 'truncated', afterMs: 20 };
  const cases: Array<[string, Fault, string]> = [
    ['f-page', PAGE, 'GitHub returned an unexpected response (an HTML page instead of JSON)'],
    ['f-cut', CUT, 'GitHub GraphQL request failed: the connection closed before the answer was complete'],
    [
      'f-shape',
      { kind: 'shape', body: { data: { repository: { merged: { nodes: 'x', pageInfo: { hasNextPage: false, endCursor: null } } } } } },
      'GitHub returned an unexpected response (JSON of the wrong shape: data.repository.merged.nodes: expected array, received string)',
    ],
    ['f-null', { kind: 'shape', body: { data: { repository: null } } }, 'the answer held no repository'],
  ];

  it('is asked again, then leaves the list known back to the first page only: the rules that need it before then are skipped, saying why', {
    timeout: SLOW,
  }, async () => {
    for (const [name, fault] of cases) github.inject(secondPageOf(name), fault, FOREVER);
    const runs = await Promise.all(cases.map(([name]) => auditCli(name, fx.temp(), PAST)));
    runs.forEach((r, i) => {
      const [name, , why] = cases[i]!;
      expect(r.stderr, name).toBe('');
      expect(r.stdout, name).not.toMatch(/<html|Sign in|TypeError|\n\s+at /);
      // Audited, but incomplete: a rule was skipped for want of what could not be read.
      expect(r.code, name).toBe(3);
      expect(r.rule, name).toMatchObject({
        status: 'skip',
        reason: `needs forge data that cannot be known: merged pull requests (the forge gave the newest only, back to 2026-08-14, as reading further back failed: ${why}), at 2026-06-01`,
      });
      // A bad answer is asked again (the first and three retries); a GraphQL answer of errors alone is GitHub's word, not retried.
      expect(github.requests.filter((q) => secondPageOf(name).test(`${q.method} ${q.path} ${q.body}`)).length, name).toBe(
        name === 'f-null' ? 1 : ATTEMPTS,
      );
    });
    github.clearFaults();
  });

  it('is not kept: the next run asks again, and once every page came, the run after asks nothing', { timeout: SLOW }, async () => {
    const cache = fx.temp();
    github.inject(secondPageOf('frail'), PAGE, FOREVER);
    expect((await auditCli('frail', cache, PAST)).rule.status).toBe('skip');
    github.clearFaults();
    let before = queriesAbout('frail');
    const again = await auditCli('frail', cache, PAST);
    expect(again.rule.status).not.toBe('skip');
    // The first page is kept, but does not reach back: asked again, with pages 2 and 3.
    expect(queriesAbout('frail') - before).toBe(3);
    before = queriesAbout('frail');
    expect((await auditCli('frail', cache, PAST)).rule).toEqual(again.rule);
    expect(queriesAbout('frail') - before).toBe(0);
  });
});

describe('the data kept on disk records how far back it was read', () => {
  it('a first page kept by an audit of today does not serve a past date it falls short of; what was read back serves later dates, never earlier ones', async () => {
    const cache = fx.temp();
    const asked = async (at?: string) => {
      const before = queriesAbout('long');
      const rule = await library('long', cache, at);
      return { queries: queriesAbout('long') - before, merged: rule.metrics.merged, status: rule.status };
    };
    expect(await asked()).toEqual({ queries: 1, merged: 50, status: 'pass' });
    // 2026-10-01, 50 days back: the first page is kept, and falls short; the batch again and page 2.
    expect(await asked('2026-10-01T12:00:00Z')).toEqual({ queries: 2, merged: 50, status: 'pass' });
    expect(await asked('2026-10-01T12:00:00Z')).toMatchObject({ queries: 0 });
    // Today's audit still sees the first page alone, from the cache.
    expect(await asked()).toEqual({ queries: 0, merged: 50, status: 'pass' });
    // Further back than what is kept: read again, to page 5 (172 days back, and 50 more).
    expect(await asked(PAST)).toEqual({ queries: 5, merged: 50, status: 'pass' });
    // Between the two: what was read back to PAST serves it.
    expect(await asked('2026-08-01T12:00:00Z')).toMatchObject({ queries: 0, status: 'pass' });
  });
});
