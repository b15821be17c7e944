import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { z } from 'zod';
import { audit, defineRule, RULES, trend } from '../../src/index.ts';
import { pastForgeNote } from '../../src/trend/trend.ts';
import { cli, FAST_RETRY, fixtures, NOW, buildServedRepo } from '../helpers.ts';
import { startGitDaemon, type GitDaemon } from '../servers/git-daemon.ts';
import { FakeGitHub } from '../servers/github.ts';
import { tracingGit } from '../tracing-git.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();
const TOKEN = 'ghp_TESTTOKEN1234567890abcdefghij';
let base: string;
let daemon: GitDaemon;
let github: FakeGitHub;

/** A bare repository that lets blueprint make its blobless clone. */
function serve(name: string, spec: FixtureSpec): string {
  return buildServedRepo(spec, join(base, name));
}

beforeAll(async () => {
  base = fx.temp();
  serve('shop.git', wellRun);
  daemon = await startGitDaemon(base);
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'acme', type: 'Organization' }],
    repos: [
      { owner: 'acme', name: 'shop', dir: serve('acme--shop.git', wellRun) },
      { owner: 'acme', name: 'api', dir: serve('acme--api.git', bare), topics: ['backend'] },
    ],
  });
  await github.start();
}, 60_000);
afterAll(async () => {
  daemon?.stop();
  await github?.stop();
});

const SAMPLES = ['--since', '2026-09-24', '--every', 'month', '--now', NOW, '--format', 'json', '--quiet'];

async function trendJson(args: string[], env: Record<string, string> = {}) {
  const r = await cli(['trend', ...args, ...SAMPLES], { env: { CI: 'true', XDG_CACHE_HOME: fx.temp(), ...env } });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
}

type Point = { date: string; commit: string | null; overall: number | null; rules: Record<string, { status: string }> };

describe('trend of remote targets', () => {
  it('traces a git URL from its clone in the cache, point for point as the local repository', async () => {
    const remote = await trendJson([daemon.url('shop.git')]);
    const local = await trendJson([join(base, 'shop.git')]);
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);
    const [repo] = remote.report.repos;
    expect(repo).toMatchObject({ status: 'ok', target: daemon.url('shop.git'), defaultBranch: 'main' });
    expect(repo.points.map((p: Point) => [p.date, p.commit, p.overall])).toEqual(
      local.report.repos[0].points.map((p: Point) => [p.date, p.commit, p.overall]),
    );
    expect(repo.points.filter((p: Point) => p.overall !== null)).toHaveLength(3);
    expect(remote.report.organisation).toBeUndefined();
    // Without the cache, the clone and the mined history live in a temporary folder for the run.
    const uncached = await trendJson([daemon.url('shop.git'), '--no-cache']);
    expect(uncached.report.repos[0].points).toEqual(repo.points);
  });

  it('fetches a remote target once for the whole trend: as many ref listings for seven points as for one', async () => {
    const listings = async (since: string) => {
      const start = github.requests.length;
      const r = await cli(
        [
          'trend',
          'github:acme/shop',
          '--github-url',
          github.url,
          '--since',
          since,
          '--every',
          'month',
          '--now',
          NOW,
          '--format',
          'json',
          '--quiet',
        ],
        { env: { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN } },
      );
      expect(r.code).toBe(0);
      const points = JSON.parse(r.stdout).repos[0].points.length;
      const asked = github.requests.slice(start).filter((q) => q.path.startsWith('/acme/shop.git/') && q.gitCommand === 'ls-refs');
      return { points, listings: asked.length };
    };
    const one = await listings('2026-11-01');
    const seven = await listings('2026-05-24');
    expect([one.points, seven.points]).toEqual([1, 7]);
    expect(one.listings).toBeGreaterThan(0);
    expect(seven.listings).toBe(one.listings);
  });

  it('lists what the clone lacks once for every point, and fetches a file read at one point with its later versions', async () => {
    serve('timeline.git', TIMELINE);
    const url = daemon.url('timeline.git');
    const { dir: bin, calls } = tracingGit(fx.temp());
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let traced: Awaited<ReturnType<typeof trend>>;
    try {
      traced = await trend({
        targets: [url],
        since: '2026-01-15',
        every: 'month',
        until: '2026-11-15',
        now: new Date(NOW),
        cacheDir: fx.temp(),
      });
    } finally {
      process.env.PATH = path;
    }
    const points = traced.repos[0]!.points;
    const commits = [...new Set(points.map((p) => p.commit).filter((c) => c !== null))];
    expect(commits.length).toBeGreaterThan(4);
    const lines = calls();
    expect(lines.filter((l) => / rev-list --objects --no-walk --missing=print /.test(l))).toHaveLength(1);
    // One request for the likely files of every point, one for the sources read at the first with
    // their later versions, then only for files a later point adds: 2 requests for 11 points here,
    // where each point asking for its own made 14.
    const fetches = lines.filter((l) => / fetch .*--filter=blob:none --stdin /.test(l));
    expect(fetches.length).toBeGreaterThan(0);
    expect(fetches.length).toBeLessThan(commits.length / 2);
    // A point is what an audit of that commit alone reports, fetching only what it reads itself:
    // the first point, which fetched for the others, and the last, which found its files fetched.
    const cacheDir = fx.temp();
    const audited = points.filter((p) => p.commit);
    for (const point of [audited[0]!, audited.at(-1)!]) {
      const r = await cli(['audit', url, '--ref', point.commit!, '--now', point.date, '--format', 'json'], {
        env: { CI: 'true', XDG_CACHE_HOME: cacheDir },
      });
      // The clone's folder is under each cache's own.
      expect({ ...JSON.parse(r.stdout).repos[0], path: null }, point.date).toEqual({ ...point.report, path: null });
    }
  }, 120_000);

  it('traces a repository with a .mailmap: its blob is not in the blobless clone when the first-parent line is read', async () => {
    const mailmapped: FixtureSpec = {
      ...wellRun,
      commits: [
        ...wellRun.commits,
        { date: '2026-10-01T10:00:00Z', files: { '.mailmap': 'Ada Lovelace <ada@example.com> <ada@old.example.com>\n' } },
      ],
    };
    serve('mailmapped.git', mailmapped);
    const r = await trendJson([daemon.url('mailmapped.git')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.report.repos[0].points.filter((p: Point) => p.overall !== null)).toHaveLength(3);
  });

  it('a repository that cannot be cloned is an error row, the others traced', async () => {
    const r = await trendJson([daemon.url('missing.git'), daemon.url('shop.git')]);
    expect(r.code).toBe(3);
    expect(r.report.repos[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/^cannot clone/) });
    expect(r.report.repos[1].status).toBe('ok');
    // The organisation row is over the repositories with a score: the one traced.
    expect(r.report.organisation.points.map((p: { overall: number }) => p.overall)).toEqual(
      r.report.repos[1].points.map((p: Point) => p.overall),
    );
  });

  it('traces every repository of an organisation, with forge data cut back to each past point, and the organisation as a whole', async () => {
    const start = github.requests.length;
    const { report, code, stderr } = await trendJson(['--org', 'acme', '--github-url', github.url], { GITHUB_TOKEN: TOKEN });
    // Both repositories' forge data in one query, as an audit of the organisation reads it.
    const queries = github.requests.slice(start).filter((q) => q.path === '/api/graphql' && /repository|nameWithOwner/.test(q.body ?? ''));
    expect(queries).toHaveLength(1);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report.repos.map((r: { target: string }) => r.target)).toEqual(['github:acme/api', 'github:acme/shop']);
    const shop = report.repos[1];
    expect(shop.points.map((p: Point) => p.date)).toEqual([
      '2026-09-24T12:00:00.000Z',
      '2026-10-24T12:00:00.000Z',
      new Date(NOW).toISOString(),
    ]);
    expect(shop.points.map((p: { notes: string[] }) => p.notes)).toEqual([
      [pastForgeNote(new Date('2026-09-24T12:00:00Z'))],
      [pastForgeNote(new Date('2026-10-24T12:00:00Z'))],
      [],
    ]);
    // The organisation's row: at each date, the mean over the repositories scored then.
    expect(report.organisation.name).toBe('acme');
    report.organisation.points.forEach((p: { date: string; repos: number; overall: number | null }, i: number) => {
      const scored = report.repos.map((r: { points: Point[] }) => r.points[i]!.overall).filter((s: number | null) => s !== null);
      expect(p.date).toBe(shop.points[i].date);
      expect(p.repos).toBe(scored.length);
      const mean = scored.reduce((a: number, b: number) => a + b, 0) / scored.length;
      expect(p.overall).toBe(scored.length ? Math.round(mean * 10) / 10 : null);
    });
  }, 60_000);

  it('a rule that needs the forge (no fields named) is skipped at past points with the reason, and judged at the newest', async () => {
    const needsForge = defineRule({
      meta: {
        id: 'needs-forge',
        pillar: 'shield',
        risk: 'high',
        description: 'Reads the forge.',
        needs: ['forge'],
        options: z.strictObject({}),
        remediation: 'Fix it.',
      },
      async evaluate({ repo }) {
        return { score: (await repo.forge()) ? 10 : 0, metrics: {}, findings: [] };
      },
    });
    const report = await trend({
      targets: ['github:acme/shop'],
      githubUrl: github.url,
      token: TOKEN,
      retry: FAST_RETRY,
      ruleSet: [...RULES, needsForge],
      since: '2026-09-24',
      every: 'month',
      now: new Date(NOW),
      cacheDir: fx.temp(),
    });
    const points = report.repos[0]!.points;
    const forgeRule = (i: number) => points[i]!.report!.rules.find((r) => r.id === 'needs-forge')!;
    expect(forgeRule(0)).toMatchObject({
      status: 'skip',
      reason: expect.stringMatching(/^needs forge data that cannot be known: branch protection, .*, at 2026-09-24$/),
    });
    expect(forgeRule(1)).toMatchObject({
      status: 'skip',
      reason: expect.stringMatching(/^needs forge data that cannot be known: .*, at 2026-10-24$/),
    });
    expect(forgeRule(2)).toMatchObject({ status: 'pass', score: 10 });
    expect(points[0]!.complete).toBe(false);
    expect(points[0]!.report!.notes).toContainEqual(
      expect.stringMatching(/^Forge data as it could be known at 2026-09-24, from data read 2026-11-24/),
    );
    expect(points[2]!.report!.notes.some((n) => /could be known/.test(n))).toBe(false);
    // The newest point is the audit of today, forge data and all.
    const audited = await audit({
      targets: ['github:acme/shop'],
      githubUrl: github.url,
      token: TOKEN,
      retry: FAST_RETRY,
      ruleSet: [...RULES, needsForge],
      now: new Date(NOW),
      ref: points[2]!.commit!,
      cacheDir: fx.temp(),
    });
    expect(points[2]!.report!.score).toBe(audited.repos[0]!.score);
    expect(forgeRule(2)).toEqual(audited.repos[0]!.rules.find((r) => r.id === 'needs-forge'));
  }, 60_000);

  it('--include narrows the organisation, and --repos-file adds targets', async () => {
    const list = join(fx.temp(), 'repos.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(list, `# one\n${daemon.url('shop.git')}\n`);
    const r = await trendJson(['--org', 'acme', '--include', 'a*', '--repos-file', list, '--github-url', github.url], {
      GITHUB_TOKEN: TOKEN,
    });
    expect(r.code).toBe(0);
    expect(r.report.repos.map((x: { target: string }) => x.target)).toEqual([daemon.url('shop.git'), 'github:acme/api']);
  }, 60_000);
});
