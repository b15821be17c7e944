/**
 * The forge data of an organisation comes in GraphQL batches, and each repository's commit
 * authors from one REST request more. The batches' queries must not wait for those requests:
 * otherwise the queries of a large organisation go one after another, each behind the commits
 * requests of the batch before (500 repositories: the audit waited on that chain).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import { createGitHubClient, githubEndpoints } from '../../src/github/client.ts';
import { ForgeLoader } from '../../src/github/forge.ts';
import { FAST_RETRY, fixtures } from '../helpers.ts';
import { FakeGitHub } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_BATCHES0123456789abcdefghijklmn';
/** One more than a batch holds. */
const REPOS = 21;
const names = Array.from({ length: REPOS }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
let github: FakeGitHub;

beforeAll(async () => {
  const dir = buildFixture({ ...wellRun, bare: true }, join(fx.temp(), 'svc.git'));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'acme', type: 'Organization', teams: { core: ['ada'] } }],
    repos: names.map((name) => ({ owner: 'acme', name, dir })),
  });
  await github.start();
});
afterAll(() => github.stop());

it("sends the next batch's query without waiting for the commits requests of the one before", async () => {
  const octokit = createGitHubClient({ ...githubEndpoints(github.url), token: TOKEN, cacheDir: null, retry: FAST_RETRY });
  const loader = new ForgeLoader(octokit, null, github.url);
  // Two of the first batch's commits requests answer late; the second batch's query is answered meanwhile.
  github.inject(/^GET \/api\/v3\/repos\/acme\/svc-0[01]\/commits/, { kind: 'slow', ms: 3000 }, 2);
  const loaded = loader.load(names.map((name) => ({ owner: 'acme', name, stamp: 'listed' })));
  const data = await Promise.all(loaded.values());
  expect(data).toHaveLength(REPOS);
  expect(data.every((d) => Array.isArray(d.commitAuthors))).toBe(true);
  // Requests are recorded as they are answered.
  const answered = github.requests.filter((r) => r.api).map((r) => r.path);
  const queries = answered.flatMap((path, i) => (path === '/api/graphql' ? [i] : []));
  const slowCommits = answered.flatMap((path, i) => (/svc-0[01]\/commits/.test(path) ? [i] : []));
  // Two batch queries and the teams query.
  expect(queries).toHaveLength(3);
  expect(slowCommits).toHaveLength(2);
  expect(queries.at(-1)!).toBeLessThan(slowCommits[0]!);
});
