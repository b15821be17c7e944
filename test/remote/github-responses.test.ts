/**
 * GitHub answers that are not what the endpoint returns: a proxy's sign-in page, a body cut short,
 * JSON of another shape. For each endpoint the audit reads (the organisation listing, a
 * repository's REST record, the GraphQL batch, the teams query) a bad answer is asked again, a
 * bounded number of times, and then becomes one clear message: never a stack trace, never the
 * body, never the token, and the other repositories of the run are audited as usual.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { bare } from '../../fixtures/repos.ts';
import { createGitHubClient } from '../../src/github/client.ts';
import { listRepositories } from '../../src/github/org.ts';
import { cli, FAST_RETRY, fixtures, NOW, type CliResult } from '../helpers.ts';
import { FakeGitHub, type FakeOwner, type FakeRepo, type Fault } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_RESPONSES0123456789abcdefghijkl';
/** A proxy's sign-in page, as text/html. */
const PAGE: Fault = { kind: 'not-json' };
/** The same page, labelled as JSON. */
const MISLABELLED: Fault = { kind: 'not-json', contentType: 'application/json; charset=utf-8' };
/** Content-Length longer than the body, the connection closed mid-body once the answer has begun. */
const CUT: Fault = { kind: 'truncated', afterMs: 20 };
/** The same, closed as the headers go out. */
const CLOSED: Fault = { kind: 'truncated' };
const shape = (body: unknown): Fault => ({ kind: 'shape', body });
/** The first answer and three retries. */
const ATTEMPTS = 4;
const FOREVER = 20;
/** A permanent fault costs the retries' backoff (1 + 4 + 9 units, milliseconds here: FAST_RETRY); the tests run side by side on a busy machine. */
const SLOW = 180_000;

const ORGS = ['acme', 'beta', 'gamma', 'delta', 'eps', 'eta', 'theta'];
const LISTING_ORGS = ['l-page', 'l-mislabelled', 'l-cut', 'l-closed', 'l-object', 'l-null', 'l-missing', 'l-types'];
const REPOS: Record<string, string[]> = {
  acme: [
    'shop',
    'r-page',
    'r-cut',
    'r-array',
    'r-missing',
    'r-once',
    'g-page',
    'g-cut',
    'g-object',
    'g-null',
    'g-array',
    'g-mangled',
    'g-peer',
    'g-once',
  ],
  beta: ['b1'],
  gamma: ['c1'],
  delta: ['d1'],
  eps: ['e1'],
  eta: ['h1'],
  theta: ['t1'],
  lin: ['tool'],
};

let github: FakeGitHub;
let local: string;
beforeAll(async () => {
  // Every repository serves the same small history: what differs is what the API says.
  const dir = buildFixture({ ...bare, bare: true }, join(fx.temp(), 'served.git'));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const repos: FakeRepo[] = Object.entries(REPOS).flatMap(([owner, names]) =>
    names.map((name) => ({ owner, name, dir, protection: { requiredReviews: 1, codeOwnerReviews: false, adminsEnforced: false } })),
  );
  github = new FakeGitHub({
    tokens: [TOKEN],
    maxPerPage: 2,
    owners: [
      ...[...ORGS, ...LISTING_ORGS].map((login): FakeOwner => ({ login, type: 'Organization', teams: { core: ['ada', 'grace'] } })),
      { login: 'lin', type: 'User' },
    ],
    repos,
  });
  await github.start();
  local = fx.build(bare);
});
afterAll(() => github?.stop());

async function audit(args: string[], cache = fx.temp()): Promise<CliResult & { report: Report | null }> {
  const r = await cli(['audit', '--github-url', github.url, '--now', NOW, '--format', 'json', '--rule', 'access-review', ...args], {
    env: { CI: 'true', GITHUB_TOKEN: TOKEN, XDG_CACHE_HOME: cache },
  });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as Report) : null };
}

interface Row {
  target: string;
  status: string;
  error?: string;
  notes: string[];
  rules: Array<{ id: string; metrics: Record<string, unknown> }>;
}
interface Report {
  repos: Row[];
}

function row(report: Report | null, target: string): Row {
  const found = report?.repos.find((r) => r.target === target);
  if (!found) throw new Error(`no row for ${target}`);
  return found;
}

/** The repository was audited with the API's data: access-review saw branch protection. */
function withForge(r: Row): boolean {
  return (
    r.status === 'ok' &&
    r.rules.find((x) => x.id === 'access-review')?.metrics.branchProtection === true &&
    !r.notes.some((n) => n.startsWith('GitHub API data unavailable'))
  );
}

function unavailable(r: Row): string | undefined {
  return r.notes.find((n) => n.startsWith('GitHub API data unavailable'));
}

/** No stack trace, no crash, nothing of the body, no token. */
function expectClean(r: CliResult): void {
  const out = r.stdout + r.stderr;
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(out).not.toMatch(/TypeError|internal error|Cannot read properties|Unexpected token/);
  expect(out).not.toMatch(/Acme SSO|Sign in|<html|this body is/);
  expect(out).not.toContain(TOKEN);
}

/** The note's reason for an answer that was not what GitHub gives. */
const odd = (what: string, why: string) => `GitHub returned an unexpected response for ${what} (${why})`;

/** How many requests matched, as faults match them ("METHOD /path?query", then an API POST's body). */
const asked = (match: RegExp) =>
  github.requests.filter((q) => match.test(q.body === undefined ? `${q.method} ${q.path}` : `${q.method} ${q.path} ${q.body}`)).length;

describe.concurrent('GitHub answers that are not what was asked for', () => {
  it('the organisation listing: a bad answer is asked again, then is one clear error (exit 3)', { timeout: SLOW }, async () => {
    const cases: Array<[string, Fault, string]> = [
      ['l-page', PAGE, 'an HTML page instead of JSON'],
      ['l-mislabelled', MISLABELLED, 'a body that is not valid JSON'],
      ['l-object', shape({ data: { repository: 'x' } }), 'JSON of the wrong shape: the body: expected array, received object'],
      ['l-null', shape(null), 'JSON of the wrong shape: the body: expected array, received null'],
      ['l-missing', shape([{ name: 'api' }]), 'JSON of the wrong shape: [0].owner is missing'],
      ['l-types', shape([{ name: 7, owner: { login: 'x' } }]), 'JSON of the wrong shape: [0].name: expected string, received number'],
    ];
    for (const [org, fault] of cases) github.inject(new RegExp(`^GET /api/v3/orgs/${org}/repos`), fault, FOREVER);
    github.inject(/^GET \/api\/v3\/orgs\/l-cut\/repos/, CUT, FOREVER);
    github.inject(/^GET \/api\/v3\/orgs\/l-closed\/repos/, CLOSED, FOREVER);
    const [cut, closed, ...runs] = await Promise.all([
      audit(['--org', 'l-cut']),
      audit(['--org', 'l-closed']),
      ...cases.map(([org]) => audit(['--org', org])),
    ]);
    runs.forEach((r, i) => {
      const [org, , why] = cases[i]!;
      expect(r.code, org).toBe(3);
      expect(r.stdout, org).toBe('');
      expect(r.stderr, org).toBe(
        `error: GitHub returned an unexpected response listing the repositories of ${org} (${why})\n` +
          'hint: try again later; if it keeps happening, check --github-url and any proxy between here and GitHub\n',
      );
      expectClean(r);
      expect(asked(new RegExp(`^GET /api/v3/orgs/${org}/repos`)), org).toBe(ATTEMPTS);
    });
    // A body cut short is a connection that failed, not an answer of the wrong kind, whenever it closed.
    for (const [org, r] of [
      ['l-cut', cut],
      ['l-closed', closed],
    ] as const) {
      expect(r.code, org).toBe(3);
      expect(r.stderr, org).toBe(
        `error: cannot list the repositories of ${org}: the connection closed before the answer was complete\nhint: try again later, or check --github-url\n`,
      );
      expectClean(r);
      expect(asked(new RegExp(`^GET /api/v3/orgs/${org}/repos`)), org).toBe(ATTEMPTS);
    }
  });

  it('the organisation listing: a page answered badly once is asked again, and the run goes on', { timeout: SLOW }, async () => {
    // Two repositories a page: acme's listing takes eight pages.
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos\?type=all&per_page=100$/, CUT);
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos\?.*&page=2$/, PAGE);
    github.inject(/^GET \/api\/v3\/orgs\/acme\/repos\?.*&page=3$/, shape({ message: 'Moved' }));
    github.inject(
      /^GET \/api\/v3\/orgs\/acme\/repos\?.*&page=4$/,
      shape((real: Array<Record<string, unknown>>) => real.map(({ owner: _, ...rest }) => rest)),
    );
    const r = await audit(['--org', 'acme', '--include', 'shop', '--include', 'g-peer']);
    expectClean(r);
    expect(r.code).toBe(0);
    expect(r.report!.repos.map((x) => x.target).sort()).toEqual(['github:acme/g-peer', 'github:acme/shop']);
    expect(r.report!.repos.every(withForge)).toBe(true);
    for (const page of ['per_page=100$', 'page=2$', 'page=3$', 'page=4$'])
      expect(asked(new RegExp(`^GET /api/v3/orgs/acme/repos\\?.*${page}`)), page).toBe(2);
  });

  it('a repository named on its own: a bad answer to GET /repos/{owner}/{repo} is asked again, then noted on that repository alone', {
    timeout: SLOW,
  }, async () => {
    const cases: Array<[string, Fault, string]> = [
      ['r-page', PAGE, odd('acme/r-page', 'an HTML page instead of JSON')],
      ['r-array', shape([]), odd('acme/r-array', 'JSON of the wrong shape: the body: expected object, received array')],
      [
        'r-missing',
        shape((real: Record<string, unknown>) => ({ ...real, updated_at: undefined })),
        odd('acme/r-missing', 'JSON of the wrong shape: updated_at is missing'),
      ],
    ];
    for (const [name, fault] of cases) github.inject(new RegExp(`^GET /api/v3/repos/acme/${name}$`), fault, FOREVER);
    github.inject(/^GET \/api\/v3\/repos\/acme\/r-cut$/, CUT, FOREVER);
    github.inject(/^GET \/api\/v3\/repos\/acme\/r-once$/, MISLABELLED);
    const r = await audit([
      ...cases.map(([name]) => `github:acme/${name}`),
      'github:acme/r-cut',
      'github:acme/r-once',
      'github:acme/shop',
      local,
    ]);
    expectClean(r);
    expect(r.code).toBe(3); // audited from git, but incomplete without the forge's half of the evidence
    for (const [name, , why] of cases) {
      const bad = row(r.report, `github:acme/${name}`);
      expect(bad.status, name).toBe('ok'); // still audited from git
      expect(unavailable(bad), name).toBe(
        `GitHub API data unavailable: ${why}. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.`,
      );
      expect(asked(new RegExp(`^GET /api/v3/repos/acme/${name}$`)), name).toBe(ATTEMPTS);
    }
    const cut = row(r.report, 'github:acme/r-cut');
    expect(cut.status).toBe('ok');
    expect(unavailable(cut)).toBe(
      'GitHub API data unavailable: cannot read acme/r-cut from GitHub: the connection closed before the answer was complete. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.',
    );
    expect(asked(/^GET \/api\/v3\/repos\/acme\/r-cut$/)).toBe(ATTEMPTS);
    expect(withForge(row(r.report, 'github:acme/r-once'))).toBe(true);
    expect(asked(/^GET \/api\/v3\/repos\/acme\/r-once$/)).toBe(2);
    expect(withForge(row(r.report, 'github:acme/shop'))).toBe(true);
    expect(row(r.report, local).status).toBe('ok');
  });

  it('the GraphQL batch: a bad answer is asked again, then noted on its repositories; a bad repository spoils no other', {
    timeout: SLOW,
  }, async () => {
    const batchOf = (name: string) => new RegExp(`^POST /api/graphql .*"n\\d+":"${name}"`);
    // The repository node of g-mangled (whichever alias it has) gets a number for a branch name.
    const mangle = (real: { data: Record<string, { nameWithOwner: string; defaultBranchRef: { name: unknown } } | null> }) => {
      for (const node of Object.values(real.data)) if (node?.nameWithOwner === 'acme/g-mangled') node.defaultBranchRef.name = 7;
      return real;
    };
    const cases: Array<[string, Fault, string]> = [
      ['g-page', PAGE, odd('acme/g-page', 'an HTML page instead of JSON')],
      ['g-cut', CUT, 'GitHub GraphQL request failed: the connection closed before the answer was complete'],
      ['g-object', shape({ data: { repository: 'x' } }), odd('acme/g-object', 'JSON of the wrong shape: repository is missing')],
      ['g-null', shape(null), odd('acme/g-null', 'JSON of the wrong shape: the body: expected object, received null')],
      ['g-array', shape([]), odd('acme/g-array', 'JSON of the wrong shape: the body: expected object, received array')],
      [
        'g-mangled',
        shape(mangle),
        odd('acme/g-mangled', 'JSON of the wrong shape: repository.defaultBranchRef.name: expected string, received number'),
      ],
    ];
    for (const [name, fault] of cases) github.inject(batchOf(name), fault, FOREVER);
    github.inject(batchOf('g-once'), CUT);
    github.inject(batchOf('g-once'), MISLABELLED);
    const runs = await Promise.all([
      ...cases.map(([name]) => audit([`github:acme/${name}`, ...(name === 'g-mangled' ? ['github:acme/g-peer'] : [])])),
      audit(['github:acme/g-once', local]),
    ]);
    runs.forEach((r, i) => {
      expectClean(r);
      // Audited from git, but incomplete without the forge's half of the evidence; the run that recovered is whole.
      expect(r.code).toBe(cases[i] ? 3 : 0);
      const [name, , why] = cases[i] ?? [];
      if (!name) return;
      const bad = row(r.report, `github:acme/${name}`);
      expect(bad.status, name).toBe('ok');
      expect(unavailable(bad), name).toBe(
        `GitHub API data unavailable: ${why}. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.`,
      );
      expect(asked(batchOf(name)), name).toBe(ATTEMPTS);
    });
    // Its batch neighbour was well answered, and is audited with it.
    expect(withForge(row(runs[cases.length - 1]!.report, 'github:acme/g-peer'))).toBe(true);
    const once = runs.at(-1)!;
    expect(withForge(row(once.report, 'github:acme/g-once'))).toBe(true);
    expect(asked(batchOf('g-once'))).toBe(3);
    expect(row(once.report, local).status).toBe('ok');
  });

  it("the teams query: a bad answer is asked again, then noted on that organisation's repositories", { timeout: SLOW }, async () => {
    const teamsOf = (login: string) => new RegExp(`^POST /api/graphql .*organization\\(login.*"login":"${login}"`);
    const cases: Array<[string, string, Fault, string]> = [
      ['beta', 'b1', PAGE, odd('the teams of beta', 'an HTML page instead of JSON')],
      ['gamma', 'c1', CUT, 'GitHub GraphQL request for the teams of gamma failed: the connection closed before the answer was complete'],
      [
        'delta',
        'd1',
        shape({ data: { organization: { teams: { nodes: [{ slug: 'core' }] } } } }),
        odd('the teams of delta', 'JSON of the wrong shape: data.organization.teams.nodes[0].members is missing'),
      ],
    ];
    for (const [org, , fault] of cases) github.inject(teamsOf(org), fault, FOREVER);
    github.inject(teamsOf('eps'), shape({ data: { organization: 'x' } }));
    const runs = await Promise.all([
      ...cases.map(([org, name]) => audit([`github:${org}/${name}`, 'github:lin/tool'])),
      audit(['github:eps/e1']),
    ]);
    runs.forEach((r, i) => {
      expectClean(r);
      expect(r.code).toBe(cases[i] ? 3 : 0);
      const [org, name, , why] = cases[i] ?? [];
      if (!org) return;
      expect(unavailable(row(r.report, `github:${org}/${name}`)), org).toBe(
        `GitHub API data unavailable: ${why}. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.`,
      );
      expect(asked(teamsOf(org)), org).toBe(ATTEMPTS);
      // A user's repository in the same run: its owner has no teams to ask for.
      expect(withForge(row(r.report, 'github:lin/tool')), org).toBe(true);
    });
    expect(withForge(row(runs.at(-1)!.report, 'github:eps/e1'))).toBe(true);
    expect(asked(teamsOf('eps'))).toBe(2);
  });

  it('a body that stops coming is given up on and asked again, not waited for', { timeout: SLOW }, async () => {
    github.inject(/^GET \/api\/v3\/orgs\/eta\/repos/, { kind: 'stall', ms: 10 * 60_000 });
    const octokit = createGitHubClient({
      webUrl: github.url,
      apiUrl: `${github.url}/api/v3`,
      token: TOKEN,
      cacheDir: null,
      requestTimeoutMs: 500,
      retry: FAST_RETRY,
    });
    const repos = await listRepositories(octokit, 'eta');
    expect(repos.map((r) => r.name)).toEqual(['h1']);
    expect(asked(/^GET \/api\/v3\/orgs\/eta\/repos/)).toBe(2);
  });

  it('an answer kept in the HTTP cache that is not of the right shape is asked for again, not used', { timeout: SLOW }, async () => {
    const cache = fx.temp();
    expect((await audit(['--org', 'theta'], cache)).code).toBe(0);
    const http = join(cache, 'blueprint', 'http');
    const files = readdirSync(http).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    // As an older version may have kept a proxy's page that came with an ETag.
    for (const file of files) {
      const entry = JSON.parse(readFileSync(join(http, file), 'utf8')) as { data: unknown };
      writeFileSync(join(http, file), JSON.stringify({ ...entry, data: '<html>Sign in</html>' }));
    }
    const r = await audit(['--org', 'theta'], cache);
    expectClean(r);
    expect(r.code).toBe(0);
    expect(withForge(row(r.report, 'github:theta/t1'))).toBe(true);
  });
});
