import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
    hostile.repos[0]!.rules[0]!.findings.push({ severity: 'error', message: '"><svg onload=alert(3)>', path: 'a\'b".md', line: 1 });
    hostile.summary.ranking[0]!.target = hostile.repos[0]!.target;
    const html = render('html', hostile);
    const { page, problems } = await open(html);
    expect(await page.locator('script, img, svg').count()).toBe(0);
    expect(await page.getByText('<img src=x onerror=alert(1)><script>alert(2)</script>').count()).toBeGreaterThan(0);
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
