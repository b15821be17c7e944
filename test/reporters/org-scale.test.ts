import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/index.ts';
import { render } from '../../src/reporters/index.ts';
import { SARIF_LIMITS } from '../../src/reporters/sarif.ts';
import { fixtures } from '../helpers.ts';
import { fixtureReport } from './fixture-report.ts';
import { orgReport, STALE_BRANCHES } from './org-report.ts';

const fx = fixtures();
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const golden = (name: string) => join(import.meta.dirname, '__snapshots__', name);

/** GitHub's limits: a comment (and so a pull-request summary) of 65,536 characters, a job summary of 1 MiB. */
const COMMENT_CHARACTERS = 65_536;
const JOB_SUMMARY_BYTES = 1024 * 1024;

let fixture: Report;
let org: Report;
beforeAll(async () => {
  fixture = await fixtureReport(fx);
  org = orgReport(fixture, 500);
});

describe('a 500-repository organisation stays within every consumer’s limits', () => {
  it('has the shape it is meant to test', () => {
    expect(org.repos).toHaveLength(500);
    expect(org.summary.errors).toBe(5);
    const stale = org.repos[0]!.rules.find((r) => r.id === 'branch-lifetime')!.findings.filter((f) => f.code === 'stale-branch');
    expect(stale).toHaveLength(STALE_BRANCHES);
  });

  it('Markdown is under 65,536 characters (a pull-request comment) and so under 1 MiB (a job summary), and says what it left out', () => {
    const markdown = render('markdown', org);
    console.log(`markdown, 500 repositories: ${markdown.length} characters, ${Buffer.byteLength(markdown)} bytes`);
    expect(markdown.length).toBeLessThan(COMMENT_CHARACTERS);
    // --summary appends exactly this document to $GITHUB_STEP_SUMMARY.
    expect(Buffer.byteLength(markdown)).toBeLessThan(JOB_SUMMARY_BYTES);
    expect(markdown).toMatch(/^… and 475 more repositories \(all in the JSON report: `summary\.ranking`\)\.$/m);
    expect(markdown).toMatch(
      /^… and \d+ more repositories, not shown to keep this within GitHub's comment limit: see the JSON or HTML report\.$/m,
    );
    expect(markdown).toMatch(/^\*\*Gate: failed\*\* for \d+ repositories:$/m);
    expect(markdown).toMatch(/… and 1\d\d more \(see the JSON report\)/);
  });

  it('SARIF keeps to GitHub’s upload limits: 20 runs, results per run, 10 MB gzip, and says what is left out', () => {
    const sarif = render('sarif', org);
    const doc = JSON.parse(sarif);
    const gzip = gzipSync(sarif).length;
    const results = doc.runs.map((r: { results: unknown[] }) => r.results.length);
    console.log(
      `sarif, 500 repositories: ${doc.runs.length} runs, at most ${Math.max(...results)} results per run, ${sarif.length} bytes (${gzip} gzip)`,
    );
    expect(doc.runs.length).toBeLessThanOrEqual(SARIF_LIMITS.runs);
    for (const n of results) expect(n).toBeLessThanOrEqual(SARIF_LIMITS.shownPerRun);
    expect(gzip).toBeLessThan(SARIF_LIMITS.gzipBytes);
    for (const run of doc.runs) for (const r of run.results) expect(r.locations.length).toBeLessThanOrEqual(1_000);
    const last = doc.runs.at(-1).invocations[0].toolExecutionNotifications as Array<{ level: string; message: { text: string } }>;
    expect(last).toContainEqual({
      level: 'warning',
      message: { text: expect.stringMatching(/^475 more repositories are not in this file: GitHub accepts 20 runs in one upload/) },
    });
    // A hundred and twenty stale branches are one result per repository, not 120.
    const stale = doc.runs[0].results.filter((r: { properties: { code?: string } }) => r.properties.code === 'stale-branch');
    expect(stale).toHaveLength(1);
  });

  it('text names at most five findings of a rule, then counts the rest', () => {
    const text = render('text', org);
    const audited = org.repos.filter((r) => r.status === 'ok').length;
    expect(text.match(/Branch 'feature\/JIRA-/g)!.length).toBe(5 * audited);
    expect(text).toMatch(/^ {10}… and 1\d\d more \(see --format json\)$/m);
  });

  it('HTML: render time measured, and in Chromium no horizontal overflow at 1,280 px', async () => {
    const started = performance.now();
    const html = render('html', org);
    const rendered = performance.now() - started;
    console.log(`html, 500 repositories: rendered in ${rendered.toFixed(0)} ms, ${html.length} characters`);
    // Asserted on matches, not the page: a failure would print 1.5 MB.
    expect(html.match(/… and \d+ more repositories \(the tables below and the JSON report have them all\)\./g)).toEqual([
      '… and 475 more repositories (the tables below and the JSON report have them all).',
    ]);
    expect(html.match(/… and \d+ more repositories, better scored, not listed here[^<]*/g)).toEqual([
      '… and 445 more repositories, better scored, not listed here: the JSON report has every finding.',
    ]);
    if (!CHROMIUM) return;
    const file = join(fx.temp(), 'org.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const loading = performance.now();
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      const loaded = performance.now() - loading;
      const size = (await page.evaluate(
        '({ width: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, height: document.documentElement.scrollHeight })',
      )) as { width: number; viewport: number; height: number };
      console.log(`html, 500 repositories: loaded and laid out in Chromium in ${loaded.toFixed(0)} ms, ${size.height} px tall`);
      expect(size.width).toBeLessThanOrEqual(size.viewport);
      // The top of the page, gate, cards and charts, for people to look at.
      await page.screenshot({
        path: join(tmpdir(), 'blueprint-dashboard-500.png'),
        clip: { x: 0, y: 0, width: 1280, height: 1800 },
        fullPage: true,
      });
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('folding, golden files', () => {
  it('one repository with a flood of findings: text, Markdown and HTML name the worst few and count the rest', async () => {
    const one = orgReport(fixture, 3);
    one.repos = one.repos.slice(2, 3);
    const single = {
      ...one,
      summary: { ...one.summary, repos: 1, audited: 1, ranking: one.summary.ranking.filter((r) => r.target === one.repos[0]!.target) },
    };
    await expect(render('text', single)).toMatchFileSnapshot(golden('folded.txt'));
    await expect(render('markdown', single)).toMatchFileSnapshot(golden('folded.md'));
    await expect(render('html', single)).toMatchFileSnapshot(golden('folded.html'));
  });

  it('thirty repositories: the Markdown ranking is folded after 25', async () => {
    const thirty = orgReport(fixture, 30);
    const markdown = render('markdown', thirty);
    await expect(markdown).toMatchFileSnapshot(golden('folded-org.md'));
    expect(markdown).toContain('… and 5 more repositories (all in the JSON report: `summary.ranking`).');
  });
});
