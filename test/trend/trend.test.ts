import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { bare } from '../../fixtures/repos.ts';
import { renderTrend, TREND_FORMATS, trend, type TrendChange, type TrendReport, type TrendRepo } from '../../src/index.ts';
import { ancestryQuestionsAsked } from '../../src/history/ancestry.ts';
import { cacheWork } from '../../src/history/cache-work.ts';
import { cli, fixtures } from '../helpers.ts';
import { tracingGit } from '../tracing-git.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();
const NOW = new Date('2026-11-24T12:00:00Z');
/** The trend every test of this file looks at: monthly over the timeline fixture's year. */
const MONTHLY = { since: '2026-01-15', every: 'month', until: '2026-11-15', threshold: 0.5, now: NOW } as const;
const SNAPSHOT_EXT = { text: 'txt', json: 'json', csv: 'csv', markdown: 'md', html: 'html' } as const;

let dir: string;
let report: TrendReport;
let repo: TrendRepo;
/** Commit ids by subject. */
let sha: Record<string, string>;

function change(rule: string, date: string): TrendChange {
  const found = repo.changes.find((c) => c.rule === rule && c.to.date.startsWith(date));
  if (!found) throw new Error(`no change of ${rule} at ${date}; changes: ${repo.changes.map((c) => `${c.rule}@${c.to.date}`).join(', ')}`);
  return found;
}

beforeAll(async () => {
  dir = fx.build(TIMELINE);
  sha = Object.fromEntries(
    gitIn(dir, ['log', '--all', '--format=%s%x1f%H'])
      .trim()
      .split('\n')
      .map((line) => line.split('\x1f') as [string, string]),
  );
  report = await trend({
    cwd: dir,
    targets: ['.'],
    ...MONTHLY,
    cache: false,
  });
  repo = report.repos[0]!;
}, 120_000);

describe('trend over a repository whose practices change at known dates', () => {
  it('samples the default branch monthly, each point at the last commit on or before its date', () => {
    expect(repo).toMatchObject({ status: 'ok', defaultBranch: 'main' });
    expect(repo.points.map((p) => p.date.slice(0, 10))).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
      '2026-10-15',
      '2026-11-15',
    ]);
    expect(repo.points[0]!.commit).toBe(sha['Web work 2026-01']);
    expect(repo.points[3]!.commit).toBe(sha['Web work 2026-04']);
    expect(repo.points[8]!.commit).toBe(sha['Web work 2026-09']);
  });

  it('CODEOWNERS added, then deleted: bus-factor rises and drops at the next point, attributed to those commits', () => {
    const added = change('bus-factor', '2026-02-15');
    expect(added).toMatchObject({ direction: 'rise', from: { score: 2.5 }, to: { score: 7.5 } });
    expect(added.explanation).toMatch(new RegExp(`^CODEOWNERS added in ${sha['Add CODEOWNERS']!.slice(0, 7)}`));
    expect(added.commits.map((c) => c.sha)).toContain(sha['Add CODEOWNERS']);
    const deleted = change('bus-factor', '2026-06-15');
    expect(deleted).toMatchObject({ direction: 'drop', from: { score: 7.5 }, to: { score: 2.5 } });
    expect(deleted.explanation).toMatch(new RegExp(`^CODEOWNERS deleted in ${sha['Drop CODEOWNERS']!.slice(0, 7)}`));
  });

  it('CI gaining a deploy job: ci-pipeline rises at the first point after it, attributed to the workflow change', () => {
    const deploy = change('ci-pipeline', '2026-04-15');
    expect(deploy).toMatchObject({ direction: 'rise', from: { score: 7 }, to: { score: 10 } });
    expect(deploy.commits).toEqual([
      expect.objectContaining({
        sha: sha['Deploy from CI'],
        explanation: `.github/workflows/ci.yml changed in ${sha['Deploy from CI']!.slice(0, 7)}`,
      }),
    ]);
    expect(repo.changes.filter((c) => c.rule === 'ci-pipeline')).toHaveLength(1);
  });

  it('a style guide going stale: style-guide drops with no commit to it, and says how old it got', () => {
    const stale = change('style-guide', '2026-02-15');
    expect(stale.direction).toBe('drop');
    expect(stale.explanation).toContain('daysSinceRevision 65.58 → 96.58');
    expect(stale.explanation).toContain('no commit in between changed');
    expect(stale.commits.every((c) => !c.explanation.includes('STYLEGUIDE.md'))).toBe(true);
  });

  it('a key person leaving: bus-factor drops when his last commit falls out of the activity window, naming him', () => {
    const left = change('bus-factor', '2026-07-15');
    expect(left).toMatchObject({ direction: 'drop', from: { score: 2.5 }, to: { score: 0 } });
    expect(left.explanation).toContain('departedAuthors 0 → 1');
    expect(left.explanation).toContain('Linus Torvalds (last commit 2026-02-20)');
  });

  it('branches opened and merged: a branch is evidence only from the first point after its tip, and its merge is named', () => {
    // At 2026-07-15 feature/stale (tip 2026-08-03) could not be known: branch-lifetime still scores 10.
    expect(repo.points[6]!.rules['branch-lifetime']!.score).toBe(10);
    const opened = change('branch-lifetime', '2026-08-15');
    expect(opened).toMatchObject({ direction: 'drop', from: { score: 10 }, to: { score: 0 } });
    expect(opened.explanation).toMatch(/^1 branch came into view \(its tip is dated in between\): feature\/stale; .*staleBranches 0 → 1/);
    const merged = change('branch-lifetime', '2026-10-15');
    expect(merged.direction).toBe('rise');
    expect(merged.explanation).toContain('1 branch merged: feature/quick');
    expect(merged.commits.map((c) => c.sha)).toEqual([sha['Web work 2026-10'], sha['Merge feature/quick'], sha['A quick change']]);
  });

  it('lists nothing below the threshold: with the default of 1 point the style guide’s slow drift is left out', async () => {
    const coarse = await trend({
      cwd: dir,
      since: '2026-01-15',
      every: 'quarter',
      until: '2026-10-15',
      now: NOW,
      cache: false,
      rules: ['style-guide', 'ci-pipeline'],
    });
    expect(coarse.repos[0]!.points.map((p) => p.date.slice(0, 10))).toEqual(['2026-01-15', '2026-04-15', '2026-07-15', '2026-10-15']);
    expect(coarse.repos[0]!.changes.map((c) => `${c.rule}@${c.to.date.slice(0, 10)}`)).toEqual(['ci-pipeline@2026-04-15']);
  }, 60_000);

  it('one history pass: with a cache, each point extends the one before, only the oldest and newest are written, and every point is the same', async () => {
    const cacheDir = fx.temp();
    const cached = await trend({ cwd: dir, ...MONTHLY, cacheDir });
    const entries = () => readdirSync(join(cacheDir, 'history')).filter((f) => f.endsWith('.bin'));
    // The oldest point's history and the newest's: the middle points are extended from the one before.
    const commits = repo.points.map((p) => p.commit).filter(Boolean);
    expect(new Set(commits).size).toBeGreaterThan(2);
    expect(entries().sort()).toEqual(
      entries()
        .filter((f) => f.includes(commits[0]!) || f.includes(commits.at(-1)!))
        .sort(),
    );
    expect(entries()).toHaveLength(2);
    // So are its other per-commit answers (message searches, when paths last changed): each
    // middle point extends the one before in memory.
    const answers = readdirSync(join(cacheDir, 'queries')).filter((f) => /\.q[0-9a-f]+\.bin$|-last-changed\.bin$/.test(f));
    expect(answers.filter((f) => !f.includes(commits[0]!) && !f.includes(commits.at(-1)!))).toEqual([]);
    expect(cached).toEqual(report);
    // And again from that cache: the same trend, no more entries.
    expect(await trend({ cwd: dir, ...MONTHLY, cacheDir })).toEqual(report);
    expect(entries()).toHaveLength(2);
  }, 60_000);

  it('mines the commits each next point adds while the one before is judged, and every point is the same', async () => {
    // A git on PATH that logs its arguments, and each point's start in the same log.
    const { dir: bin, log, calls } = tracingGit(fx.temp());
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let traced: TrendReport;
    const ahead = cacheWork().segmentsTakenAhead;
    const treesAhead = cacheWork().treesTakenAhead;
    const intervalsAhead = cacheWork().intervalsListedAhead;
    const fileTextsKept = cacheWork().fileTextsKept;
    try {
      traced = await trend({
        cwd: dir,
        ...MONTHLY,
        cacheDir: fx.temp(),
        onPoint: ({ index }) => appendFileSync(log, `point ${index}\n`),
      });
    } finally {
      process.env.PATH = path;
    }
    expect(traced).toEqual(report);
    const lines = calls();
    const commits = repo.points.map((p) => p.commit!);
    let checked = 0;
    for (let i = 1; i < commits.length; i++) {
      if (commits[i] === commits[i - 1]) continue;
      // The walk of the commits point i adds to point i - 1's history: `log ... <i> ^<i - 1>`.
      const isWalk = (l: string) => / log .*--name-status/.test(l) && l.includes(` ${commits[i]} ^${commits[i - 1]}`);
      const walk = lines.findIndex(isWalk);
      expect(walk, `walk for point ${i}`).toBeGreaterThanOrEqual(0);
      expect(lines.filter(isWalk)).toHaveLength(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
    // Each of those walks was started by the point before, while it was judged, and taken by its own
    // point: counted, not read off the log's order (under load the traced git's shell can start after
    // the next point has begun).
    expect(cacheWork().segmentsTakenAhead - ahead).toBe(checked);
    // And so was each one's tree listed.
    expect(cacheWork().treesTakenAhead - treesAhead).toBe(checked);
    // The commits between two points where a rule moved were listed once, as the later point was
    // judged, not by the attribution after the last point.
    const intervals = lines.filter((l) => / log .*--no-renames/.test(l));
    expect(intervals.length).toBeGreaterThan(1);
    expect(new Set(intervals).size).toBe(intervals.length);
    expect(cacheWork().intervalsListedAhead - intervalsAhead).toBe(intervals.length);
    // When paths last changed is asked of git against the point before, kept in memory, not against
    // the oldest point, the one cached: a probe of a push from there walks months of history.
    const probes = lines.filter((l) => / rev-list --parents /.test(l));
    expect(probes.length).toBeGreaterThan(1);
    for (const probe of probes) {
      const [, tip, base] = /rev-list --parents -n \d+ ([0-9a-f]{40}) \^([0-9a-f]{40})/.exec(probe)!;
      expect(commits.indexOf(base!), probe).toBe(commits.lastIndexOf(tip!) - 1);
    }
    expect(traced!.repos[0]!.changes.length).toBeGreaterThan(0);
    // Files a point before read, unchanged since, come from what it read, not from git again.
    expect(cacheWork().fileTextsKept - fileTextsKept).toBeGreaterThan(0);
  }, 60_000);

  it('extends each point’s history from the one before in memory, and asks git nothing its first-parent line told it', async () => {
    // A copy of its own: ancestry answers are kept for the process, and this file asked about `dir` before.
    const copy = join(fx.temp(), 'timeline');
    buildFixture(TIMELINE, copy);
    const before = ancestryQuestionsAsked();
    const read = cacheWork().historiesRead;
    const walks = cacheWork().branchOnlyWalks;
    const traced = await trend({
      cwd: copy,
      ...MONTHLY,
      cacheDir: fx.temp(),
    });
    // Which earlier point is an ancestor, and no history read back from the cache.
    expect(ancestryQuestionsAsked() - before).toBe(0);
    expect(cacheWork().historiesRead - read).toBe(0);
    // The commits only branches hold, walked from the branch tips once: each later point cuts the
    // walk before it to its own history (feature/quick's commits leave it at its merge).
    expect(cacheWork().branchOnlyWalks - walks).toBe(1);
    expect(traced.repos[0]!.points.map((p) => p.overall)).toEqual(repo.points.map((p) => p.overall));
    expect(traced.repos[0]!.points.map((p) => p.rules['branch-lifetime'])).toEqual(repo.points.map((p) => p.rules['branch-lifetime']));
  }, 60_000);

  it('every point equals `blueprint audit --ref <commit> --now <date>`', async () => {
    for (const point of repo.points) {
      const r = await cli(['audit', '.', '--ref', point.commit!, '--now', point.date, '--format', 'json'], { cwd: dir });
      const audited = JSON.parse(r.stdout) as { repos: unknown[] };
      expect(audited.repos[0], point.date).toEqual(point.report);
    }
  }, 120_000);
});

describe('trend of several repositories', () => {
  let several: TrendReport;
  beforeAll(async () => {
    const parent = fx.temp();
    buildFixture(TIMELINE, join(parent, 'timeline'));
    buildFixture(bare, join(parent, 'tool'));
    several = await trend({
      cwd: parent,
      targets: ['timeline', 'tool'],
      since: '2026-01-15',
      every: 'quarter',
      until: '2026-10-15',
      threshold: 0.5,
      now: NOW,
      cache: false,
    });
  }, 120_000);

  it('adds the organisation row: at each date, the mean score over the repositories scored then', () => {
    const [timeline, tool] = several.repos;
    expect(several.organisation!.name).toBeNull();
    expect(several.organisation!.points.map((p) => p.repos)).toEqual([1, 1, 2, 2]);
    const [before, , after] = several.organisation!.points;
    expect(tool!.points[0]!.overall).toBeNull(); // no commit yet
    expect(before!.overall).toBe(timeline!.points[0]!.overall);
    expect(after!.overall).toBe(Math.round(((timeline!.points[2]!.overall! + tool!.points[2]!.overall!) / 2) * 10) / 10);
    expect(after!.pillars.speed).toBe(Math.round(((timeline!.points[2]!.pillars.speed! + tool!.points[2]!.pillars.speed!) / 2) * 10) / 10);
  });

  it.each(TREND_FORMATS)('%s with the organisation row matches its golden file', async (format) => {
    await expect(renderTrend(format, several)).toMatchFileSnapshot(`__snapshots__/trend-organisation.${SNAPSHOT_EXT[format]}`);
  });

  it('the JSON with the organisation row validates against docs/trend.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/trend.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(JSON.parse(renderTrend('json', several))), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('trend outputs', () => {
  it.each(TREND_FORMATS)('%s matches its golden file', async (format) => {
    await expect(renderTrend(format, report)).toMatchFileSnapshot(`__snapshots__/trend.${SNAPSHOT_EXT[format]}`);
  });

  it('the JSON validates against docs/trend.schema.json and leaves out each point’s full report', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/trend.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const json = JSON.parse(renderTrend('json', report));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.repos[0].points[0].report).toBeUndefined();
  });

  it('the HTML is one page with inline SVG charts and no script', () => {
    const html = renderTrend('html', report);
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html.match(/<svg /g)?.length).toBeGreaterThan(5);
  });
});
