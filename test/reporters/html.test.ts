import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/index.ts';
import { render } from '../../src/reporters/index.ts';
import { fixtures } from '../helpers.ts';
import { fixtureReport } from './fixture-report.ts';

const fx = fixtures();
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) {
  console.warn(
    "Chromium not found: the HTML report is not checked in a browser. Install Debian's chromium package (.ci/run does) to run these tests.",
  );
}

let report: Report;
let browser: Browser;
beforeAll(async () => {
  report = await fixtureReport(fx);
  if (CHROMIUM) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }
});
afterAll(() => browser?.close());

/** Opens the report in Chromium, failing on any console error, page error or network request. */
async function open(html: string) {
  const file = join(fx.temp(), 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => r.url() !== `file://${file}` && problems.push(`request: ${r.url()}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`file://${file}`);
  return { page, problems, file };
}

describe.runIf(CHROMIUM)('the HTML report in headless Chromium', () => {
  it('renders the organisation at a glance with no console error and no network request', async () => {
    const { page, problems, file } = await open(render('html', report));
    expect(await page.title()).toBe(`Blueprint audit: ${report.summary.score!.toFixed(1)} / 100`);
    expect(await page.locator('table.heat tbody tr').count()).toBe(4);
    expect(await page.locator('table.heat tbody tr').first().locator('th').innerText()).toBe('legacy=tool incomplete audit'); // worst first, its incompleteness said in words
    expect(await page.getByText('could not be audited: no such file or directory').count()).toBe(1);
    expect(await page.locator('h2').allInnerTexts()).toEqual([
      'At a glance',
      'Repositories by pillar',
      'Repositories by rule',
      'Pass rate per rule',
      'Key people across repositories',
      'Key-person matrix',
      'Trend against the baseline',
      'Findings and fixes',
    ]);
    expect(await page.getByText('— (key-person risk)').count()).toBeGreaterThan(0);
    const shot = await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
    expect(shot.length).toBeGreaterThan(20_000);
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows what repositories supply as text, never as markup', async () => {
    const hostile = structuredClone(report);
    hostile.repos[0]!.target = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    hostile.repos[0]!.name = hostile.repos[0]!.target;
    hostile.repos[0]!.rules[0]!.findings.push({ severity: 'error', message: '"><svg onload=alert(3)>', path: 'a\'b".md', line: 1 });
    hostile.summary.ranking[0]!.target = hostile.repos[0]!.target;
    const html = render('html', hostile);
    const { page, problems } = await open(html);
    expect(await page.locator('script, img, iframe, object, embed, foreignObject, [onload], [onerror]').count()).toBe(0);
    expect(await page.locator('svg').count()).toBe(3); // the report's own charts, and nothing a repository wrote
    expect(await page.getByText('<img src=x onerror=alert(1)><script>alert(2)</script>').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.runIf(CHROMIUM)('the HTML dashboard at 1,280 pixels', () => {
  it('fits the viewport: no horizontal overflow, every table within its column', async () => {
    const { page, problems } = await open(render('html', report));
    // Run in the page (a string, so this file needs no DOM types).
    const overflow = (await page.evaluate(`({
      page: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('.wide')].filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.outerHTML.slice(0, 80)),
      charts: [...document.querySelectorAll('svg.chart')].map((e) => e.getBoundingClientRect().right),
    })`)) as { page: number; viewport: number; wide: string[]; charts: number[] };
    console.log(
      `html, fixture organisation (4 repositories): ${await page.evaluate('document.documentElement.scrollHeight')} px tall at 1,280 px`,
    );
    expect(overflow.page).toBeLessThanOrEqual(overflow.viewport);
    expect(overflow.viewport).toBeLessThanOrEqual(1280);
    expect(overflow.wide).toEqual([]);
    expect(overflow.charts).toHaveLength(3);
    for (const right of overflow.charts) expect(right).toBeLessThanOrEqual(overflow.viewport);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('puts the gate and the regressions first, groups rule columns by pillar in sections that fold, and draws the charts', async () => {
    const { page, problems } = await open(render('html', report));
    const banners = page.locator('main > .gate');
    expect(await banners.count()).toBe(2);
    expect(await banners.nth(0).innerText()).toMatch(
      /^Gate failed for 1 of 3 repositories:\npayments\|api: 5 regressions against the baseline$/,
    );
    expect(await banners.nth(1).innerText()).toMatch(
      /Regressions against the baseline in 1 repository:\npayments\|api: overall score .* \/ 100 \(-[\d.]+\); ci-pipeline 10\.0 → 3\.0 \/ 10 \(-7\.0\)/,
    );
    // Nothing but the title and its line come before the gate.
    expect(await page.evaluate("[...document.querySelector('main').children].slice(0, 3).map((e) => e.tagName)")).toEqual([
      'H1',
      'P',
      'DIV',
    ]);
    const sections = page.locator('details.pillar');
    expect(await sections.locator('> summary').allInnerTexts()).toEqual([
      expect.stringMatching(/^SPEED: 6 rules, mean [\d.]+ \/ 100$/),
      expect.stringMatching(/^STRETCH: 3 rules/),
      expect.stringMatching(/^SHIELD: 5 rules/),
      expect.stringMatching(/^SALES: 4 rules/),
    ]);
    // Folding a pillar hides its table, without a script.
    const shield = sections.nth(2);
    expect(await shield.locator('table').isVisible()).toBe(true);
    await shield.locator('> summary').click();
    expect(await shield.locator('table').isVisible()).toBe(false);
    expect(await page.locator('svg.chart title').first().textContent()).toBe('Pillar scores per repository');
    expect(await page.locator('svg.chart > title').allTextContents()).toEqual([
      'Pillar scores per repository',
      'Distribution of scores per rule',
      'Trend against the baseline',
    ]);
    await shield.locator('> summary').click();
    writeFileSync(join(tmpdir(), 'blueprint-dashboard.html'), render('html', report));
    const shot = join(tmpdir(), 'blueprint-dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the HTML report file', () => {
  it('is self-contained: no script, no external reference', () => {
    const html = render('html', report);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toMatch(/Content-Security-Policy/);
  });

  it('has a golden file', async () => {
    await expect(render('html', report)).toMatchFileSnapshot(join(import.meta.dirname, '__snapshots__', 'report.html'));
    expect(readFileSync(join(import.meta.dirname, '__snapshots__', 'report.html'), 'utf8').length).toBeGreaterThan(1000);
  });
});
