import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildFixture, gitIn, type FixtureSpec } from '../../fixtures/builder.ts';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { FakeGitHub, type FakeRepo } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_TESTTOKEN1234567890abcdefghij';
let github: FakeGitHub;

function served(owner: string, name: string, spec: FixtureSpec, extra: Partial<FakeRepo> = {}): FakeRepo {
  const dir = buildFixture({ ...spec, bare: true }, join(base, `${owner}--${name}.git`));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  return { owner, name, dir, ...extra };
}

let base: string;
beforeAll(async () => {
  base = fx.temp();
  const shop = {
    ...wellRun,
    commits: [
      ...wellRun.commits.slice(0, -1),
      { ...wellRun.commits.at(-1)!, files: { ...wellRun.commits.at(-1)!.files, '.github/CODEOWNERS': '* @acme/solo\n' } },
    ],
  };
  github = new FakeGitHub({
    tokens: [TOKEN],
    maxPerPage: 2,
    owners: [
      { login: 'acme', type: 'Organization', teams: { solo: ['ada'], core: ['ada', 'grace'] } },
      { login: 'lin', type: 'User' },
    ],
    repos: [
      served('acme', 'shop', shop, {
        protection: { requiredReviews: 1, codeOwnerReviews: true, adminsEnforced: false },
        collaborators: [
          { login: 'ada', permission: 'ADMIN' },
          { login: 'grace', permission: 'WRITE' },
          { login: 'eve', permission: 'READ', outside: true },
        ],
        pulls: [
          {
            number: 1,
            state: 'MERGED',
            createdAt: '2026-11-01T00:00:00Z',
            firstCommitAt: '2026-10-30T12:00:00Z',
            mergedAt: '2026-11-01T12:00:00Z',
            headRefName: 'a',
          },
          {
            number: 2,
            state: 'MERGED',
            createdAt: '2026-11-10T00:00:00Z',
            firstCommitAt: '2026-11-10T00:00:00Z',
            mergedAt: '2026-11-11T00:00:00Z',
            headRefName: 'b',
          },
          { number: 3, state: 'OPEN', createdAt: '2026-11-20T00:00:00Z', firstCommitAt: '2026-11-19T00:00:00Z', headRefName: 'c' },
        ],
        deployments: [
          ...Array.from({ length: 10 }, (_, i) => ({
            environment: 'production',
            createdAt: `2026-11-${String(23 - i).padStart(2, '0')}T12:00:00Z`,
            state: 'SUCCESS' as const,
          })),
          { environment: 'production', createdAt: '2026-11-13T12:00:00Z', state: 'FAILURE' },
          { environment: 'staging', createdAt: '2026-11-13T12:00:00Z', state: 'SUCCESS' },
        ],
        issues: [
          { number: 13, createdAt: '2026-11-23T00:00:00Z', labels: ['feedback'] },
          { number: 11, createdAt: '2026-11-01T00:00:00Z', labels: ['feedback'], firstCommentAt: '2026-11-03T00:00:00Z' },
          { number: 10, createdAt: '2026-11-01T00:00:00Z', closedAt: '2026-11-01T02:00:00Z', labels: ['incident', 'sev1'] },
          { number: 12, createdAt: '2026-10-01T00:00:00Z', labels: ['Feedback'] },
          { number: 9, createdAt: '2026-10-01T00:00:00Z', closedAt: '2026-10-02T00:00:00Z', labels: ['bug'] },
        ],
      }),
      served('acme', 'api', bare, { topics: ['backend'] }),
      served('acme', 'old', bare, { archived: true }),
      served('acme', 'forked', bare, { fork: true }),
      served('acme', 'secret', bare, { private: true }),
      served('lin', 'tool', bare),
    ],
  });
  await github.start();
});
afterAll(() => github?.stop());
beforeEach(() => {
  github.requests.length = 0;
  github.clearFaults();
});

async function run(args: string[], options: { token?: string | null; cache?: string } = {}) {
  const env: Record<string, string> = { CI: 'true', XDG_CACHE_HOME: options.cache ?? fx.temp() };
  if (options.token !== null) env.GITHUB_TOKEN = options.token ?? TOKEN;
  const r = await cli(['audit', '--github-url', github.url, '--now', NOW, '--format', 'json', ...args], { env });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
}

const targets = (report: { repos: Array<{ target: string }> }) => report.repos.map((r) => r.target).sort();
const rule = (repo: { rules: Array<{ id: string }> }, id: string) =>
  repo.rules.find((r) => r.id === id) as unknown as { metrics: Record<string, unknown>; status: string };

describe('GitHub organisations', () => {
  it('audits every repository of an organisation, archived and forks left out, private ones with a token', async () => {
    const { report, code, stderr } = await run(['--org', 'acme']);
    expect(stderr.split('\n').filter((l) => l && !/^\[\d\/3\] github:acme\/\w+ {2}[\d.]+$/.test(l))).toEqual([]); // progress lines only
    expect(code).toBe(0);
    expect(targets(report)).toEqual(['github:acme/api', 'github:acme/secret', 'github:acme/shop']);
    const shop = report.repos.find((r: { target: string }) => r.target === 'github:acme/shop');
    expect(shop.notes).toContain(
      'Files and history come from a git clone; pull requests, branch protection and teams from the GitHub API.',
    );
    // Squash or not, merged lifetimes come from the pull requests: 2 days and 1 day.
    expect(rule(shop, 'branch-lifetime').metrics).toMatchObject({
      mergedFrom: 'pull-requests',
      merges: 2,
      mergedMedianLifetimeDays: 1.5,
      openPullRequests: 1,
      maxOpenPullRequestAgeDays: 5.5,
    });
    // CODEOWNERS names a team of one: every file has a single owner.
    expect(rule(shop, 'bus-factor').metrics).toMatchObject({ coverage: 1, singleOwnerFiles: shop.rules.length ? expect.any(Number) : 0 });
    expect((rule(shop, 'bus-factor').metrics.singleOwnerFiles as number) > 0).toBe(true);
    expect(report.summary.ranking).toHaveLength(3);
  });

  it('deployments, incidents, feedback issues, admins and branch protection feed delivery, feedback-loop and access-review', async () => {
    const { report } = await run(['github:acme/shop']);
    const shop = report.repos[0];
    expect(rule(shop, 'delivery').metrics).toMatchObject({
      source: 'github-deployments', // failed and staging deployments left out
      deploysInWindow: 10,
      deploysPerWeek: 0.78,
      timeToRestoreHours: 2,
      restoreFrom: 'incidents',
      tiers: { deploysPerWeek: 'medium', leadTimeHours: 'elite', changeFailureRate: 'elite', timeToRestoreHours: 'high' },
    });
    // #11 answered in 2 days, #12 never (late), #13 is younger than a sprint.
    expect(rule(shop, 'feedback-loop').metrics).toMatchObject({
      templates: 1,
      feedbackIssues: 3,
      triagedWithinSprint: 0.5,
      triageMedianDays: 2,
    });
    expect(rule(shop, 'access-review').metrics).toMatchObject({
      reviews: 1,
      branchProtection: true,
      requiredReviews: 1,
      admins: 1,
      adminLogins: ['ada'],
      outsideCollaborators: 1,
      outsideLogins: ['eve'],
    });
    expect((shop.rules.find((r: { id: string }) => r.id === 'access-review') as { findings: unknown[] }).findings).toContainEqual(
      expect.objectContaining({ message: 'Outside collaborators: eve; check each still needs access.' }),
    );
  });

  it('a cold clone fetches the files rules read in one request, not one request per file', async () => {
    const { report } = await run(['github:acme/shop']);
    expect(report.repos[0].status).toBe('ok');
    const packs = github.requests.filter((r) => !r.api && r.method === 'POST' && r.path.endsWith('/git-upload-pack'));
    // The clone (ref listing and pack), one batch of the documents and configuration rules read,
    // and one gathered batch of the rest (the files Linguist must read to classify, sources a rule
    // scans): never one request per file.
    expect(packs.length).toBeLessThanOrEqual(4);
  });

  it('filters by name globs, topics, and takes archived repositories and forks when asked', async () => {
    // Four independent runs, side by side.
    const [globbed, excluded, topic, everything] = await Promise.all([
      run(['--org', 'acme', '--include', 's*']),
      run(['--org', 'acme', '--exclude', 'shop', '--exclude', 'secret']),
      run(['--org', 'acme', '--topic', 'backend']),
      run(['--org', 'acme', '--include-archived', '--include-forks']),
    ]);
    expect(targets(globbed.report)).toEqual(['github:acme/secret', 'github:acme/shop']);
    expect(targets(excluded.report)).toEqual(['github:acme/api']);
    expect(targets(topic.report)).toEqual(['github:acme/api']);
    expect(targets(everything.report)).toEqual([
      'github:acme/api',
      'github:acme/forked',
      'github:acme/old',
      'github:acme/secret',
      'github:acme/shop',
    ]);
  });

  it("lists a user's repositories when no organisation has the name", async () => {
    const { report } = await run(['--org', 'lin']);
    expect(targets(report)).toEqual(['github:lin/tool']);
    expect(github.requests.some((r) => r.path.startsWith('/api/v3/users/lin/repos'))).toBe(true);
  });

  it('works without a token on public repositories, and says so', async () => {
    const { report, code, stderr } = await run(['--org', 'acme'], { token: null });
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^warning: No GitHub token \(GITHUB_TOKEN or GH_TOKEN\): only public repositories, within 60 API requests an hour\.\n/,
    );
    expect(targets(report)).toEqual(['github:acme/api', 'github:acme/shop']);
    expect(report.repos[0].notes).toContainEqual(expect.stringMatching(/^No GitHub token/));
  });

  it('an unknown organisation, or a rejected token, is one clear error (exit 3)', async () => {
    const unknown = await run(['--org', 'nobody']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe("error: no GitHub organisation or user named 'nobody'\nhint: check the name given to --org\n");
    const bad = await run(['--org', 'acme'], { token: 'ghp_wrong_token_value' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^error: GitHub rejected the token\nhint: check GITHUB_TOKEN/);
    expect(bad.stderr).not.toContain('ghp_wrong_token_value');
  });
});

describe('single GitHub repositories', () => {
  it('github:owner/name, and owner/name with --github; an unknown one is an error row', async () => {
    const { report, code } = await run(['github:acme/api', '--github', 'lin/tool', 'github:acme/nope']);
    expect(code).toBe(3);
    const [api, tool, nope] = report.repos;
    expect(api).toMatchObject({ target: 'github:acme/api', status: 'ok' });
    expect(tool).toMatchObject({ target: 'lin/tool', status: 'ok' });
    expect(nope).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/^GitHub repository acme\/nope not found, or not visible to this token/),
    });
  });
});

describe('requests and the cache', () => {
  // One cold audit of the organisation fills the cache that both tests look at.
  const cache = { dir: '', cold: { total: 0, notModified: 0 } };
  beforeAll(async () => {
    cache.dir = fx.temp();
    github.requests.length = 0;
    await run(['--org', 'acme'], { cache: cache.dir });
    cache.cold = github.apiCounts();
  });

  it('costs a few requests per repository cold, and only 304s warm', async () => {
    const warm = await run(['--org', 'acme'], { cache: cache.dir });
    expect(warm.report.repos.filter((r: { status: string }) => r.status === 'error').map((r: { error: string }) => r.error)).toEqual([]);
    expect(warm.code).toBe(0);
    const again = github.apiCounts();
    expect(cache.cold.total / 3).toBeLessThanOrEqual(10);
    expect(again.total - again.notModified).toBe(0);
    expect(again.total / 3).toBeLessThanOrEqual(2);
  });

  it('never writes the token into the cache or the clones', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (!entry.name.startsWith('pack-')) files.push(path);
      }
    };
    walk(cache.dir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(file).includes(TOKEN), file).toBe(false);
  });
});

describe('faults', () => {
  it('retries server errors and truncated bodies, waits out slow responses', async () => {
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos/, { kind: 'status', status: 500 });
    github.inject(/^POST \/api\/graphql/, { kind: 'truncated' });
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos/, { kind: 'slow', ms: 700 });
    const { code, report } = await run(['--org', 'acme']);
    expect(code).toBe(0);
    expect(report.summary.audited).toBe(3);
    expect(github.requests.filter((r) => r.status === 500)).toHaveLength(1);
    expect(report.repos.every((r: { notes: string[] }) => !r.notes.some((n) => n.startsWith('GitHub API data unavailable')))).toBe(true);
  });

  it('backs off a secondary rate limit for its Retry-After, and waits for a primary limit to reset', async () => {
    github.inject(/^POST \/api\/graphql/, { kind: 'secondary-rate-limit', retryAfter: 1 });
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos/, { kind: 'rate-limit', resetInSeconds: 1 });
    const { code, stderr, report } = await run(['--org', 'acme']);
    expect(code).toBe(0);
    expect(report.summary.audited).toBe(3);
    expect(stderr).toMatch(/warning: GitHub secondary rate limit; backing off 1 s/);
    expect(stderr).toMatch(/warning: GitHub rate limit exhausted; waiting \d s for it to reset/);
    // Each limited request was waited out, then asked again (the wait's length is injected: FAST_RETRY).
    const statuses = (match: RegExp) => github.requests.filter((q) => match.test(`${q.method} ${q.path}`)).map((q) => q.status);
    expect(statuses(/^POST \/api\/graphql/).slice(0, 2)).toEqual([403, 200]);
    expect(statuses(/^GET \/api\/v3\/orgs\/acme\/repos/).slice(0, 2)).toEqual([403, 200]);
  });

  it('a repository whose API data fails is still audited from git, with the reason noted, and is incomplete', async () => {
    github.inject(/^POST \/api\/graphql/, { kind: 'status', status: 502 }, 10);
    const { code, report } = await run(['github:acme/api']);
    expect(code).toBe(3);
    expect(report.repos[0]).toMatchObject({
      status: 'ok',
      complete: false,
      incomplete: [expect.stringMatching(/^GitHub API data was unavailable/)],
    });
    expect(report.repos[0].notes).toContainEqual(expect.stringMatching(/^GitHub API data unavailable: GitHub GraphQL request failed/));
  });

  it('a clone that takes too long, and an empty repository, are error rows', async () => {
    const empty = buildFixture({ commits: [], bare: true }, join(base, 'acme--empty.git'));
    github['options'].repos.push({ owner: 'acme', name: 'empty', dir: empty });
    // The timeout leaves a healthy clone (shop) room on a loaded machine; the slow one is far past it.
    // The server holds its answer for two minutes, past the test's own timeout: the audit gives up at
    // the clone timeout even though git's http helper, a child of the killed git, is still waiting.
    github.inject(/^GET \/acme\/api\.git\/info\/refs/, { kind: 'slow', ms: 120_000 });
    const { code, report } = await run(['github:acme/api', 'github:acme/empty', 'github:acme/shop', '--clone-timeout', '3']);
    expect(code).toBe(3);
    expect(report.repos[0]).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/cannot clone .*api\.git: it took longer than the clone timeout/),
    });
    expect(report.repos[1]).toMatchObject({ status: 'error', error: expect.stringMatching(/the repository has no commits yet/) });
    expect(report.repos[2].status).toBe('ok');
    github['options'].repos.pop();
  });

  it('never prints the token, even with --debug and errors', async () => {
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos/, { kind: 'status', status: 401 });
    const r = await run(['--org', 'acme', '--debug']);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stderr).toMatch(/GitHub rejected the token/);
  });
});
