import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type FileContent, type FixtureSpec } from '../../fixtures/builder.ts';
import { cli, fixtures, NOW, buildServedRepo } from '../helpers.ts';
import { startGitDaemon, type GitDaemon } from '../servers/git-daemon.ts';
import { FakeGitHub, type FakeRepo } from '../servers/github.ts';
import { ACCESS_REVIEW, PROCESS_REVIEW } from '../../fixtures/repos.ts';
import { COMMIT_DATE, RECORD_RULES, recordFiles, recordIssues, verdict, wikiPages } from './fixtures.ts';

const fx = fixtures();
const TOKEN = 'ghp_RECORDSTOKEN1234567890abcdefgh';
let base: string;
let daemon: GitDaemon;
let github: FakeGitHub;

const code = { 'src/index.ts': 'export const shop = 1;\n' };
const one = (files: Record<string, FileContent>): FixtureSpec => ({ commits: [{ date: COMMIT_DATE, files }] });

/** A bare repository that allows the blobless clones blueprint makes. */
function serve(name: string, spec: FixtureSpec): string {
  return buildServedRepo(spec, join(base, name));
}

const blueprint = (records: string) => `records:\n${records}`;

beforeAll(async () => {
  base = fx.temp();
  serve('handbook.git', one(recordFiles('engineering/')));
  serve('shop.git', one({ ...code, 'blueprint.yml': blueprint('  - wiki: true\n') }));
  serve('shop.wiki.git', one(wikiPages()));
  daemon = await startGitDaemon(base);
  const repo = (name: string, spec: FixtureSpec, extra: Partial<FakeRepo> = {}): FakeRepo => ({
    owner: 'acme',
    name,
    dir: serve(`acme--${name}.git`, spec),
    ...extra,
  });
  github = new FakeGitHub({
    tokens: [TOKEN],
    maxPerPage: 4,
    owners: [{ login: 'acme', type: 'Organization' }],
    repos: [
      repo('handbook', one(recordFiles('engineering/'))),
      repo('in-repo', one({ ...code, ...recordFiles('docs/') })),
      repo('with-handbook', one({ ...code, 'blueprint.yml': blueprint('  - repo: github:acme/handbook\n    path: engineering/\n') })),
      repo('with-wiki', one({ ...code, 'blueprint.yml': blueprint('  - wiki: true\n') }), {
        wikiDir: serve('acme--with-wiki.wiki.git', one(wikiPages())),
      }),
      repo(
        'with-discussions',
        one({
          ...code,
          'blueprint.yml': blueprint('  - self\n  - discussions: { category: Process reviews, practices: [process-reviews] }\n'),
        }),
        {
          discussions: [
            ...recordIssues()
              .filter((i) => i.labels?.includes('process-review'))
              .map((i) => ({
                number: i.number,
                title: i.title!,
                body: i.body!,
                createdAt: i.createdAt,
                category: 'Process reviews',
                author: 'ada',
              })),
            {
              number: 99,
              title: 'Process review 2026-11-01',
              body: 'Not a review: in another category',
              createdAt: COMMIT_DATE,
              category: 'Q&A',
            },
            {
              number: 98,
              title: 'Process review 2026-11-20',
              body: PROCESS_REVIEW,
              createdAt: COMMIT_DATE,
              category: 'Process reviews',
              author: 'stranger',
              association: 'NONE',
            },
          ],
        },
      ),
      repo(
        'with-issues',
        one({
          ...code,
          'blueprint.yml': blueprint(
            [
              ['dr-test', 'disaster-recovery'],
              ['process-review', 'process-reviews'],
              ['access-review', 'access-review'],
              ['brief', 'product-briefs'],
              ['hypothesis', 'hypotheses'],
              ['poc', 'poc-sharing'],
            ]
              .map(([label, practice]) => `  - issues: { label: ${label}, practices: [${practice}] }\n`)
              .join('') + '  - issues: { title: "^Access review", practices: [access-review] }\n',
          ),
        }),
        {
          issues: [
            ...recordIssues(),
            // Anyone may open an issue with any title in a public repository: by title alone, a stranger's is not a record.
            {
              number: 8,
              createdAt: COMMIT_DATE,
              title: 'Access review 2026-11-20',
              body: ACCESS_REVIEW,
              author: 'stranger',
              association: 'NONE',
            },
            { number: 7, createdAt: COMMIT_DATE, title: 'DR test 2026-11-01 (a pull request)', labels: ['dr-test'], pullRequest: true },
          ],
        },
      ),
    ],
  });
  await github.start();
});
afterAll(async () => {
  await daemon?.stop();
  await github?.stop();
});

async function audit(targets: string[], extra: string[] = []) {
  const env = { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN };
  const args = ['audit', ...targets, '--github-url', github.url, '--now', NOW, '--format', 'json', ...extra];
  const r = await cli([...args, ...RECORD_RULES.flatMap((id) => ['--rule', id])], { env });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
}

type Rule = { id: string; score: number | null; status: string; metrics: Record<string, unknown>; findings: Array<{ message: string }> };
type Traced = Rule & { records: Array<{ at: string } & Record<string, unknown>>; recordSources: string[] };
const rules = (repo: { rules: Rule[] }): Record<string, Traced> => Object.fromEntries(repo.rules.map((r) => [r.id, r as Traced]));

describe('records kept outside the repository', () => {
  it('a record in a handbook, a wiki or an issue scores the same as in the repository', async () => {
    // On GitHub, access-review also weighs branch protection: compare like with like.
    const own = await audit([fx.build(one({ ...code, ...recordFiles('docs/') })), 'github:acme/in-repo']);
    expect(own.code).toBe(0);
    const [local, onGitHub] = own.report.repos.map((repo: { rules: Rule[] }) => repo.rules.map((r) => [r.id, verdict(r)]));
    for (const r of own.report.repos[0].rules) expect(r.score, r.id).not.toBeNull();
    const overGitDaemon = fx.build(
      one({ ...code, 'blueprint.yml': blueprint(`  - repo: ${daemon.url('handbook.git')}\n    path: engineering\n`) }),
    );
    const elsewhere = await audit([
      'github:acme/with-handbook',
      'github:acme/with-wiki',
      'github:acme/with-issues',
      daemon.url('shop.git'), // its wiki: shop.wiki.git beside it
      overGitDaemon,
    ]);
    expect(elsewhere.report.repos.map((r: { status: string; incomplete: string[] }) => [r.status, r.incomplete])).toEqual(
      Array(5).fill(['ok', []]),
    );
    for (const repo of elsewhere.report.repos) {
      const expected = repo.target.startsWith('github:') ? onGitHub : local;
      expect(
        repo.rules.map((r: Rule) => [r.id, verdict(r)]),
        repo.target,
      ).toEqual(expected);
    }
  });

  it('traces every record to its source: the handbook and path, the wiki page, the issue number and link', async () => {
    const { report } = await audit(['github:acme/with-handbook', 'github:acme/with-wiki', 'github:acme/with-issues']);
    const [handbook, wiki, issues] = report.repos.map(rules);
    expect(handbook['disaster-recovery'].recordSources).toEqual(['github:acme/handbook (engineering/)']);
    expect(handbook['disaster-recovery'].metrics.latest).toBe('github:acme/handbook:engineering/dr/2026-09-15-region-failover.md');
    expect(handbook['disaster-recovery'].records[0]).toEqual({
      at: 'github:acme/handbook:engineering/dr/2026-03-10-database-restore.md',
      source: 'github:acme/handbook',
      kind: 'repository',
      path: 'engineering/dr/2026-03-10-database-restore.md',
      issue: null,
      url: null,
      date: '2026-03-10',
      dateFrom: 'name',
      author: null,
      state: null,
    });
    expect(wiki['process-reviews'].records.map((r: { at: string }) => r.at)).toEqual([
      'wiki:Process-review-2026-02-16.md',
      'wiki:Process-review-2026-05-18.md',
      'wiki:Process-review-2026-08-17.md',
      'wiki:Process-review-2026-10-19.md',
    ]);
    expect(issues['disaster-recovery'].records).toEqual([
      {
        at: 'github:acme/with-issues#100',
        source: 'github:acme/with-issues issues',
        kind: 'issues',
        path: null,
        issue: 100,
        url: `${github.url}/acme/with-issues/issues/100`,
        date: '2026-03-10',
        dateFrom: 'name',
        author: 'grace',
        state: 'open',
      },
      expect.objectContaining({ at: 'github:acme/with-issues#101', issue: 101 }),
    ]); // the pull request labelled dr-test is not a record
    expect(issues['disaster-recovery'].recordSources).toEqual(['issues labelled dr-test']);
  });

  it('discussions in a category are records too; issues come through the ETag cache, so a re-audit costs 304s', async () => {
    const cache = fx.temp();
    const env = { CI: 'true', XDG_CACHE_HOME: cache, GITHUB_TOKEN: TOKEN };
    const args = ['audit', 'github:acme/with-discussions', 'github:acme/in-repo', 'github:acme/with-issues', '--github-url', github.url];
    const run = async () =>
      JSON.parse((await cli([...args, '--now', NOW, '--format', 'json', '--rule', 'process-reviews'], { env })).stdout);
    const first = await run();
    const [discussions, inRepo] = first.repos.map((r: { rules: Rule[] }) => verdict(r.rules[0]!));
    expect(discussions).toEqual(inRepo);
    expect(first.repos[0].rules[0].records.map((r: { at: string; kind: string }) => [r.at, r.kind])).toEqual(
      [100, 101, 102, 103].map((n) => [`github:acme/with-discussions#${n + 2}`, 'discussions']),
    );
    github.requests.length = 0;
    await run();
    const issueRequests = github.requests.filter((r) => r.path.startsWith('/api/v3/repos/acme/with-issues/issues'));
    expect(issueRequests.length).toBeGreaterThan(0);
    expect(issueRequests.every((r) => r.status === 304)).toBe(true);
  });

  it('a handbook given as a path relative to blueprint.yml; a symlink in it that leaves it is never read', async () => {
    const root = fx.temp();
    buildFixture(one(recordFiles('')), join(root, 'handbook'));
    const outside = join(root, 'secret.md');
    writeFileSync(outside, '# DR test 2026-11-01\nDetected after 1 min\n');
    const app = buildFixture(
      one({
        ...code,
        'blueprint.yml': blueprint('  - self\n  - repo: ../handbook\n    practices: [disaster-recovery]\n'),
        'docs/dr/2026-11-02-link.md': { content: outside, mode: 'symlink' },
      }),
      join(root, 'app'),
    );
    const { report, code: exit } = await audit([app]);
    expect(exit).toBe(0);
    const dr = rules(report.repos[0])['disaster-recovery']!;
    expect(dr.records.map((r: { at: string }) => r.at)).toEqual([
      '../handbook:dr/2026-03-10-database-restore.md',
      '../handbook:dr/2026-09-15-region-failover.md',
    ]);
    expect(rules(report.repos[0])['process-reviews']!.recordSources).toEqual(['self']); // the handbook serves DR only
  });

  it('a source that cannot be read leaves the audit incomplete (exit 3), and says which', async () => {
    const app = fx.build(one({ ...code, 'blueprint.yml': blueprint(`  - self\n  - repo: ${daemon.url('nope.git')}\n`) }));
    const { report, code: exit } = await audit([app]);
    expect(exit).toBe(3);
    expect(report.repos[0].incomplete).toContainEqual(
      expect.stringMatching(/^disaster-recovery: records could not be read from git:\/\/127\.0\.0\.1:\d+\/nope\.git: cannot clone/),
    );
  });

  it("a path named by a blueprint read from a clone's history is not opened on this machine", async () => {
    serve('pointing.git', one({ ...code, 'blueprint.yml': blueprint('  - repo: /etc\n') }));
    const pointing = await audit([daemon.url('pointing.git')]);
    expect(pointing.code).toBe(3);
    serve('elsewhere.git', one({ ...code, 'blueprint.yml': blueprint(`  - repo: ${github.url}/acme/handbook.git\n`) }));
    github.requests.length = 0;
    const elsewhere = await audit([daemon.url('elsewhere.git')]);
    expect(elsewhere.report.repos[0].incomplete[0]).toMatch(
      /acme\/handbook\.git is on another host than the audited repository, and the blueprint naming it was read from a repository's history/,
    );
    expect(github.requests.filter((r) => r.path.startsWith('/acme/handbook.git'))).toEqual([]); // never fetched
    expect(pointing.report.repos[0].incomplete[0]).toMatch(
      /\/etc is a path on this machine, named by a blueprint read from a repository's history/,
    );
  });
});
