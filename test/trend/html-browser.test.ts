import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTrend, trend, type TrendReport } from '../../src/index.ts';
import { buildFixture } from '../../fixtures/builder.ts';
import { bare } from '../../fixtures/repos.ts';
import { fixtures } from '../helpers.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM)
  console.warn("Chromium not found: the trend's HTML is not checked in a browser. Install Debian's chromium package to run this test.");

let report: TrendReport;
let browser: Browser;
beforeAll(async () => {
  report = await trend({
    cwd: fx.build(TIMELINE),
    since: '2026-01-15',
    every: 'month',
    until: '2026-11-15',
    now: new Date('2026-11-24T12:00:00Z'),
    cache: false,
  });
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
}, 120_000);
afterAll(() => browser?.close());

/** The trend's HTML opened from a file, with every console error, page error and request beyond the file collected. */
async function openTrend(trendReport: TrendReport, name: string) {
  const file = join(fx.temp(), name);
  writeFileSync(file, renderTrend('html', trendReport));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => r.url() !== `file://${file}` && problems.push(`request: ${r.url()}`));
  await page.goto(`file://${file}`);
  return { page, problems };
}

describe.runIf(CHROMIUM)('the trend HTML in headless Chromium', () => {
  it('draws the charts with no script, no console error and no network request', async () => {
    const { page, problems } = await openTrend(report, 'trend.html');
    expect(await page.title()).toBe('Blueprint trend: 2026-01-15 to 2026-11-15');
    // The main chart: one line per measure that scored (overall, speed, shield), a dot per point on each.
    const main = page.locator('h2 + svg');
    const box = await main.boundingBox();
    expect(box?.width).toBe(720);
    expect(await main.locator('polyline').count()).toBe(3);
    expect(await main.locator('circle').count()).toBe(3 * 11);
    expect(await main.locator('circle title').first().textContent()).toBe('overall 2026-01-15: 44.3');
    // A small chart per rule that scored, each visible.
    const rules = page.locator('figure.rule svg');
    expect(await rules.count()).toBe(7);
    for (const svg of await rules.all()) expect((await svg.boundingBox())?.height).toBe(48);
    expect(await page.locator('td.drop').count()).toBe(3);
    expect(await page.locator('td.rise').count()).toBe(3);
    expect(await page.locator('script').count()).toBe(0);
    if (process.env.TREND_SCREENSHOT) await page.screenshot({ path: process.env.TREND_SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.runIf(CHROMIUM)('the organisation chart of a trend in headless Chromium', () => {
  it('draws the mean over the repositories scored at each date, above each repository, with no script or request', async () => {
    const base = fx.temp();
    // One repository traced from January, one created in June: the row's count and mean follow.
    const org = await trend({
      cwd: base,
      targets: [buildFixture(TIMELINE, join(base, 'api')), buildFixture(bare, join(base, 'tool'))],
      since: '2026-01-15',
      every: 'month',
      until: '2026-11-15',
      now: new Date('2026-11-24T12:00:00Z'),
      cache: false,
    });
    const row = org.organisation!;
    const { page, problems } = await openTrend(org, 'org.html');
    expect(await page.locator('h2').allTextContents()).toEqual([
      'all repositories (mean)',
      `${join(base, 'api')} (main)`,
      `${join(base, 'tool')} (main)`,
    ]);
    // The organisation's chart comes first: 720 wide, a line per measure with a mean, a dot per date that has one.
    const chart = page.locator('h2 + svg').first();
    expect((await chart.boundingBox())?.width).toBe(720);
    const scored = (['overall', 'speed', 'stretch', 'shield', 'sales'] as const).map(
      (c) => row.points.filter((p) => (c === 'overall' ? p.overall : p.pillars[c]) !== null).length,
    );
    expect(await chart.locator('circle title').count()).toBe(scored.reduce((a, b) => a + b, 0));
    expect(await chart.locator('polyline').count()).toBe(scored.filter((n) => n > 1).length);
    const first = row.points[0]!;
    expect(await chart.locator('circle title').first().textContent()).toBe(`overall 2026-01-15: ${first.overall!.toFixed(1)}`);
    // Its table: one row per date, with how many repositories the mean is over (one before June, two after).
    const table = page.locator('h2 + svg + p.legend + table').first();
    const counts = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(counts).toEqual(row.points.map((p) => String(p.repos)));
    expect(counts[0]).toBe('1');
    expect(counts.at(-1)).toBe('2');
    expect(await page.locator('script').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
