import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn, type FixtureSpec } from '../../fixtures/builder.ts';
import { bare, DR_TEST, PRODUCT_BRIEF, wellRun } from '../../fixtures/repos.ts';
import { checkReport } from '../../src/engine/report-schema.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { FakeGitHub, type FakeRepo } from '../servers/github.ts';
import { COMMIT_DATE, RECORDS } from './fixtures.ts';

const fx = fixtures();
const TOKEN = 'ghp_ORGRECORDSTOKEN234567890abcdefg';
let base: string;
let github: FakeGitHub;

const ORG_BLUEPRINT = `# The organisation's blueprint: every repository of acme starts from it.
records:
  - self
  - repo: github:acme/handbook
    path: engineering/
  - issues: { repo: github:acme/handbook, label: dr-test, practices: [disaster-recovery] }
teams:
  storefront:
    repositories: [shop]
    records:
      - repo: github:acme/handbook
        path: products/storefront/
  platform:
    github: platform                 # the GitHub team's repositories
    records:
      - repo: github:acme/handbook
        path: products/platform/
rules:
  product-briefs: { scope: team }
  hypotheses: { scope: team }
  poc-sharing: { scope: team }
  mvp-metrics: { scope: team }
`;

const PRODUCT = new Set(['briefs', 'hypotheses', 'poc']);
const handbookFiles: Record<string, string> = Object.fromEntries(
  RECORDS.filter((r) => !(r.folder === 'dr' && r.name.startsWith('2026-09'))).map((r) => [
    `${PRODUCT.has(r.folder) ? 'products/storefront' : 'engineering'}/${r.folder}/${r.name}`,
    r.text,
  ]),
);

handbookFiles['products/platform/briefs/gateway.md'] = PRODUCT_BRIEF.replace('one-click reorder', 'API gateway');

/** wellRun without the records it keeps in docs/, but for its experiments (the repository's own). */
const shopWithoutRecords: FixtureSpec = {
  ...wellRun,
  commits: wellRun.commits.map((c) => ({
    ...c,
    ...(c.files && {
      files: Object.fromEntries(
        Object.entries(c.files).filter(([path]) => !path.startsWith('docs/') || path.startsWith('docs/experiments/')),
      ),
    }),
  })),
};

beforeAll(async () => {
  base = fx.temp();
  const repo = (name: string, spec: FixtureSpec, extra: Partial<FakeRepo> = {}): FakeRepo => {
    const dir = buildFixture({ ...spec, bare: true }, join(base, `${name}.git`));
    gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
    gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    return { owner: 'acme', name, dir, ...extra };
  };
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [
      { login: 'acme', type: 'Organization', teamRepos: { platform: ['api'] } },
      { login: 'lone', type: 'Organization' },
    ],
    repos: [
      repo('.github', { commits: [{ date: COMMIT_DATE, files: { 'blueprint.yml': ORG_BLUEPRINT, 'profile/README.md': '# Acme\n' } }] }),
      repo('handbook', { commits: [{ date: COMMIT_DATE, files: handbookFiles }] }),
      repo('shop', shopWithoutRecords, {
        issues: [{ number: 1, createdAt: '2026-11-20T00:00:00Z', labels: ['feedback'], firstCommentAt: '2026-11-21T00:00:00Z' }],
      }),
      repo('api', bare),
      repo('payments', {
        commits: [
          {
            date: COMMIT_DATE,
            files: { 'main.go': 'package main\n', 'blueprint.yml': 'rules:\n  disaster-recovery: { scope: repository, weight: 2 }\n' },
          },
        ],
      }),
      { ...repo('tool', bare), owner: 'lone' },
    ].map((r) =>
      r.name === 'handbook'
        ? {
            ...r,
            issues: [
              {
                number: 42,
                createdAt: COMMIT_DATE,
                title: 'DR test 2026-09-15: region failover',
                body: DR_TEST,
                labels: ['dr-test'],
                author: 'ada',
              },
            ],
          }
        : r,
    ),
  });
  await github.start();
});
afterAll(() => github?.stop());

async function auditOrg(extra: string[] = []) {
  const env = { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN };
  const r = await cli(['audit', '--org', 'acme', '--github-url', github.url, '--now', NOW, '--format', 'json', ...extra], { env });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
}

type Result = { id: string; status: string; score: number | null; sharedFrom?: string; records?: Array<{ at: string }> };
const byTarget = (report: { repos: Array<{ target: string; rules: Result[] }> }, target: string): Record<string, Result> =>
  Object.fromEntries(report.repos.find((r) => r.target === target)!.rules.map((r) => [r.id, r]));

describe("an organisation's blueprint in its .github repository", () => {
  it('evaluates organisation practices once, shows them in the organisation row, and in every repository', async () => {
    const { report, code, stderr } = await auditOrg();
    expect(stderr).not.toMatch(/error/);
    expect(code, JSON.stringify(report.repos.map((r: { incomplete: string[] }) => r.incomplete))).toBe(0);
    expect(await checkReport(report)).toBeNull(); // the organisation row and record traces are in the published contract
    const org = report.organisation;
    expect(org).toMatchObject({ name: 'acme', complete: true, incomplete: [] });
    expect(org.blueprint.source).toMatch(/^github:acme\/\.github:blueprint\.yml \(at [0-9a-f]{12}\)$/);
    expect(org.rules.map((r: Result) => [r.id, r.status, r.sharedFrom])).toEqual([
      ['process-reviews', 'pass', 'organisation:acme'],
      ['access-review', 'pass', 'organisation:acme'],
      ['disaster-recovery', 'pass', 'organisation:acme'],
    ]);
    const dr = org.rules.find((r: Result) => r.id === 'disaster-recovery');
    expect(dr.records.map((r: { at: string }) => r.at)).toEqual([
      'github:acme/handbook#42',
      'github:acme/handbook:engineering/dr/2026-03-10-database-restore.md',
    ]);
    const teamRules = ['product-briefs', 'hypotheses', 'poc-sharing', 'mvp-metrics'];
    expect(org.teams).toEqual([
      expect.objectContaining({
        name: 'storefront',
        repositories: ['github:acme/shop'],
        rules: teamRules.map((id) => expect.objectContaining({ id, sharedFrom: 'team:storefront' })),
      }),
      expect.objectContaining({
        name: 'platform',
        repositories: ['github:acme/api'], // from the GitHub team
        rules: teamRules.map((id) => expect.objectContaining({ id, sharedFrom: 'team:platform' })),
      }),
    ]);
    for (const target of ['github:acme/shop', 'github:acme/api', 'github:acme/.github']) {
      const rules = byTarget(report, target);
      for (const shared of org.rules)
        expect(rules[shared.id], `${target} ${shared.id}`).toMatchObject({
          score: shared.score,
          sharedFrom: 'organisation:acme',
          scope: 'organisation',
        });
    }
    // Every one of the eighteen practices is scored for the shop: records from the handbook, the rest from the repository.
    const shop = byTarget(report, 'github:acme/shop');
    expect(Object.keys(shop)).toHaveLength(18);
    expect(
      Object.values(shop)
        .filter((r) => r.score === null)
        .map((r) => r.id),
    ).toEqual([]);
    expect(shop['product-briefs']).toMatchObject({ sharedFrom: 'team:storefront', scope: 'team' });
    expect(byTarget(report, 'github:acme/api')['product-briefs']).toMatchObject({ status: 'pass', sharedFrom: 'team:platform' });
    // A repository in no team keeps team practices to itself.
    expect(byTarget(report, 'github:acme/payments')['product-briefs']).toMatchObject({ status: 'skip', scope: 'team' });
    expect(byTarget(report, 'github:acme/payments')['product-briefs']!.sharedFrom).toBeUndefined();
  });

  it("a repository's own blueprint refines the organisation's; without an organisation blueprint nothing is shared", async () => {
    const { report } = await auditOrg(['--include', 'payments']);
    const payments = report.repos[0];
    expect(payments.blueprint.source).toMatch(/^blueprint\.yml \(at /);
    const rules = byTarget(report, 'github:acme/payments');
    // Its own scope and weight; the organisation's sources still serve it (from the handbook, evaluated here).
    expect(rules['disaster-recovery']).toMatchObject({ scope: 'repository', weight: 2, status: 'pass' });
    expect(rules['disaster-recovery']!.sharedFrom).toBeUndefined();
    expect(rules['disaster-recovery']!.records!.map((r) => r.at)).toContain('github:acme/handbook#42');
    expect(rules['access-review']).toMatchObject({ sharedFrom: 'organisation:acme' });

    const env = { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN };
    const lone = await cli(['audit', '--org', 'lone', '--github-url', github.url, '--now', NOW, '--format', 'json'], { env });
    const alone = JSON.parse(lone.stdout);
    expect(alone.organisation).toBeUndefined();
    const tool = byTarget(alone, 'github:lone/tool')['disaster-recovery'];
    expect(tool).toMatchObject({ status: 'skip' });
    expect(tool).not.toHaveProperty('sharedFrom');
    expect(tool).not.toHaveProperty('records'); // a repository that keeps its records itself reports as before
  });

  it('every format shows the organisation row and the team rows before the repositories', async () => {
    const env = { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN };
    const dir = fx.temp();
    const args = ['audit', '--org', 'acme', '--include', 'api', '--github-url', github.url, '--now', NOW];
    const r = await cli([...args, '--format', 'text,markdown,csv,junit,html,sarif', '--output-dir', dir], { env });
    expect(r.code).toBe(0);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    expect(read('blueprint.txt')).toMatch(
      /organisation:acme[\s\S]*Evaluated once for the organisation acme[\s\S]*team:storefront[\s\S]*github:acme\/api/,
    );
    expect(read('blueprint.md')).toContain('organisation:acme');
    expect(
      read('blueprint.csv')
        .split('\r\n')
        .filter((l) => l.startsWith('organisation:acme,ok,'))
        .map((l) => l.split(',')[4]),
    ).toEqual(['process-reviews', 'access-review', 'disaster-recovery']);
    for (const name of ['blueprint.junit.xml', 'blueprint.html', 'blueprint.sarif'])
      expect(read(name), name).toContain('organisation:acme');
  });
});
