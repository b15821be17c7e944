import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { fixtureReport } from './fixture-report.ts';
import { RULES } from '../../rules/index.ts';
import type { Report } from '../../src/index.ts';
import { render, FORMATS } from '../../src/reporters/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '../..');

let report: Report;
beforeAll(async () => {
  report = await fixtureReport(fx);
});

const EXTENSION: Record<(typeof FORMATS)[number], string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  sarif: 'sarif',
  junit: 'junit.xml',
  csv: 'csv',
  html: 'html',
};

describe('every format, from one fixture report (golden files)', () => {
  it.each(FORMATS)('%s', async (format) => {
    await expect(render(format, report)).toMatchFileSnapshot(join(import.meta.dirname, '__snapshots__', `report.${EXTENSION[format]}`));
  });
});

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../data/sarif-2.1.0.json'), 'utf8')));
    const sarif = JSON.parse(render('sarif', report));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
  });

  it('passes @microsoft/sarif-multitool validate with no error or warning', () => {
    const binary = join(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
    expect(existsSync(binary), 'npm ci installs @microsoft/sarif-multitool').toBe(true);
    try {
      accessSync(binary, constants.X_OK);
    } catch {
      chmodSync(binary, 0o755); // npm 11 does not run the package's chmod postinstall by default
    }
    const dir = fx.temp();
    writeFileSync(join(dir, 'report.sarif'), render('sarif', report));
    const r = spawnSync(binary, ['validate', join(dir, 'report.sarif'), '--output', join(dir, 'validation.sarif')], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(join(dir, 'validation.sarif'), 'utf8'));
    const problems = validation.runs[0].results.filter(
      (x: { level?: string }) => x.level === 'error' || x.level === 'warning' || x.level === undefined,
    );
    expect(problems.map((p: { ruleId: string; message: { id?: string } }) => `${p.ruleId} ${p.message.id ?? ''}`)).toEqual([]);
  });

  it('has a rule per rule, results with locations and stable fingerprints', () => {
    const sarif = JSON.parse(render('sarif', report));
    const run = sarif.runs.find((r: { properties: { target: string } }) => r.properties.target === 'payments|api');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const state = run.results.find((r: { ruleId: string; level: string }) => r.ruleId === 'iac' && r.level === 'error');
    expect(state.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'infra/terraform.tfstate', uriBaseId: '%SRCROOT%' });
    const gate = run.results.find(
      (r: { ruleId: string; message: { text: string } }) => r.ruleId === 'ci-pipeline' && r.message.text.startsWith('Deploy "ship"'),
    );
    expect(gate.locations[0].physicalLocation.region).toEqual({ startLine: 4 });
    // The same finding on another day (other ages and counts) keeps its fingerprint.
    const later = JSON.parse(render('sarif', JSON.parse(JSON.stringify(report).replaceAll('lived 10 days', 'lived 12 days'))));
    expect(
      later.runs.map((r: { results: Array<{ partialFingerprints: unknown }> }) => r.results.map((x) => x.partialFingerprints)),
    ).toEqual(sarif.runs.map((r: { results: Array<{ partialFingerprints: unknown }> }) => r.results.map((x) => x.partialFingerprints)));
    expect(sarif.runs).toHaveLength(3); // the repository that could not be audited has no run
  });
});

describe('junit, csv, markdown', () => {
  it('junit is well-formed, a suite per target and a case per rule, with failures, errors and skips', () => {
    const xml = render('junit', report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = doc.testsuites.testsuite as Array<{ name: string; tests: string; failures: string; errors: string; testcase: unknown }>;
    expect(suites.map((s) => s.name)).toEqual(['shop', 'legacy=tool', 'payments|api', '/no/such/repo']);
    expect(suites[3]).toMatchObject({ tests: '1', errors: '1' });
    expect(Number(doc.testsuites.tests)).toBe((RULES.length + 1) * 3 + 1); // a case per rule and one for the audit's completeness
    expect(Number(doc.testsuites.failures)).toBe(suites.reduce((n, s) => n + Number(s.failures), 0));
  });

  it('csv has a row per target and rule, quoted where needed, and defuses formulas', () => {
    const csv = render('csv', report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'target,repo_status,repo_score,pillar,rule,status,score,baseline_delta,weight,risk,findings,metrics,error,complete,incomplete',
    );
    expect(lines.find((l) => l.startsWith('payments|api,ok,') && l.includes(',ci-pipeline,'))).toMatch(/,fail,3,-70,1,high,/);
    expect(lines).toHaveLength(1 + 3 * RULES.length + 1);
    expect(csv).not.toMatch(/(^|\r\n|,)([=+@]|-(?!\d))/); // a negative number is a number, not a formula
    const defused = render('csv', { ...report, repos: [{ ...report.repos[3]!, target: '=HYPERLINK("http://x")', error: '@SUM(A1)' }] });
    expect(defused.split('\r\n')[1]).toBe(
      `"'=HYPERLINK(""http://x"")",error,,,,,,,,,,,'@SUM(A1),false,the repository could not be audited`,
    );
  });

  it('every format shows the per-rule change since the baseline', () => {
    expect(render('text', report)).toMatch(/FAIL {2}ci-pipeline {8} 3\.0\/10 {2}-7\.0 since baseline/);
    expect(render('markdown', report)).toMatch(/\| `ci-pipeline` \| speed \| 3\.0 \| -7\.0 \|/);
    expect(render('junit', report)).toMatch(/score 3\/10 \(-7 since baseline\)/);
    expect(render('html', report)).toMatch(/ci-pipeline -7\.0/);
    const run = JSON.parse(render('sarif', report)).runs.find(
      (r: { properties: { target: string } }) => r.properties.target === 'payments|api',
    );
    expect(run.properties.regressions).toContain('ci-pipeline');
  });

  it('markdown puts regressions first and escapes what repositories supply', () => {
    const text = render('markdown', report);
    expect(text.indexOf('Regressions against the baseline')).toBeGreaterThan(0);
    expect(text).toContain('payments\\|api');
    expect(text).not.toMatch(/<(?!\/?(details|summary|br|sub)>)[a-z]/i);
  });
});

describe('an incomplete audit, plainly in every format', () => {
  const REASON = /The clone is shallow: history-based rules saw one commit/;

  it('text: a line under the repository header, a mark in the ranking and a count in the summary', () => {
    const text = render('text', report);
    expect(text).toMatch(/^legacy=tool {2}\(default branch main, at [0-9a-f]{12}\)\n {2}Incomplete audit: The clone is shallow/m);
    expect(text).toMatch(/^ {2}legacy=tool .* {2}incomplete$/m);
    expect(text).toContain('Summary: 3 of 4 repositories audited (1 incompletely); 1 could not be audited');
    expect(text).not.toMatch(/^(shop|payments\|api) .*\n {2}Incomplete audit/m);
    expect(render('text', report, { quiet: true })).toMatch(/^legacy=tool {2}15\.3 \/ 100 {2}incomplete audit$/m);
  });

  it('markdown and html: a banner with the reasons, and a mark in the ranking, in words', () => {
    const markdown = render('markdown', report);
    expect(markdown).toMatch(/^## Blueprint audit: 3 of 4 repositories audited \(1 incompletely\); 1 could not be audited, mean/);
    expect(markdown).toMatch(/^\| legacy=tool \| 15\.3 ⚠️ incomplete \|/m);
    expect(markdown).toMatch(/^> ⚠️ \*\*Incomplete audit:\*\* The clone is shallow/m);
    const html = render('html', report);
    expect(html).toMatch(/<th scope="row">legacy=tool <span class="badge" title="[^"]+">incomplete audit<\/span><\/th>/);
    expect(html.match(/<p class="banner" role="note"><strong>Incomplete audit:<\/strong>/g)).toHaveLength(2); // top of the page, and in the repository's findings
    expect(html).toContain('1 audited incompletely');
  });

  it('sarif: error notifications on the run, which stays a successful execution so code scanning keeps its results', () => {
    const runs = JSON.parse(render('sarif', report)).runs as Array<{
      properties: { target: string; complete: boolean; incomplete: string[] };
      invocations: Array<{
        executionSuccessful: boolean;
        toolExecutionNotifications?: Array<{ level: string; message: { text: string } }>;
      }>;
      results: unknown[];
    }>;
    const legacy = runs.find((r) => r.properties.target === 'legacy=tool')!;
    expect(legacy.invocations[0]!.executionSuccessful).toBe(true);
    expect(legacy.invocations[0]!.toolExecutionNotifications!.map((n) => n.level)).toEqual(['error', 'error']);
    expect(legacy.invocations[0]!.toolExecutionNotifications![0]!.message.text).toMatch(REASON);
    expect(legacy.properties).toMatchObject({ complete: false, incomplete: [expect.stringMatching(REASON), expect.any(String)] });
    expect(legacy.results.length).toBeGreaterThan(0);
    const shop = runs.find((r) => r.properties.target === 'shop')!;
    expect(shop.invocations[0]!.toolExecutionNotifications).toBeUndefined();
    expect(shop.properties.complete).toBe(true);
  });

  it('junit: an errored audit-complete case in the suite, which passes for a complete audit', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(render('junit', report));
    const suites = doc.testsuites.testsuite as Array<{
      name: string;
      errors: string;
      testcase: Array<{ name: string; error?: { type: string; message: string } }>;
      properties: { property: Array<{ name: string; value: string }> };
    }>;
    const legacy = suites.find((s) => s.name === 'legacy=tool')!;
    const completeness = legacy.testcase.find((t) => t.name === 'audit-complete')!;
    expect(completeness.error).toMatchObject({
      type: 'incomplete',
      message: expect.stringMatching(/^incomplete audit: The clone is shallow/),
    });
    expect(legacy.errors).toBe('1');
    expect(legacy.properties.property).toContainEqual({ name: 'complete', value: 'false' });
    const shop = suites.find((s) => s.name === 'shop')!;
    expect(shop.testcase.find((t) => t.name === 'audit-complete')).toEqual({
      classname: 'blueprint',
      name: 'audit-complete',
      file: 'shop',
      time: '0',
    });
  });

  it('csv: complete and incomplete columns on every row of the repository', () => {
    const rows = render('csv', report).trimEnd().split('\r\n').slice(1);
    const legacy = rows.filter((l) => l.startsWith('legacy=tool,'));
    expect(legacy).toHaveLength(RULES.length);
    for (const row of legacy)
      expect(row).toMatch(
        /,false,The clone is shallow: history-based rules saw one commit\.; bus-factor: could not read docs\/\\u202eevil\.md/,
      );
    for (const row of rows.filter((l) => l.startsWith('shop,'))) expect(row).toMatch(/,true,$/);
  });
});

describe('the CLI', () => {
  it('--format with several formats writes each into --output-dir; --summary appends to $GITHUB_STEP_SUMMARY', async () => {
    const dir = fx.temp();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await cli(
      [
        'audit',
        fx.build(wellRun),
        '--now',
        NOW,
        '--format',
        'text,json,sarif,junit,csv,markdown',
        '--output-dir',
        join(dir, 'out'),
        '--summary',
      ],
      {
        env: { CI: 'true', GITHUB_STEP_SUMMARY: summary },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    for (const file of ['blueprint.txt', 'blueprint.json', 'blueprint.sarif', 'blueprint.junit.xml', 'blueprint.csv', 'blueprint.md'])
      expect(existsSync(join(dir, 'out', file)), file).toBe(true);
    expect(readFileSync(summary, 'utf8')).toMatch(/^# earlier step\n## Blueprint audit: 100\.0 \/ 100/);
  });

  it('several formats without --output-dir, or with --output, are usage errors', async () => {
    const several = await cli(['audit', '--format', 'text,json']);
    expect(several.code).toBe(2);
    expect(several.stderr).toBe(
      'error: several formats (text, json) need --output-dir\nhint: add --output-dir <folder>, or give one format\n',
    );
    expect((await cli(['audit', '--format', 'json', '--output', 'a', '--output-dir', 'b'])).code).toBe(2);
  });

  it('`blueprint baseline` records the report that `--baseline` compares with', async () => {
    const repo = fx.build({
      ...bare,
      commits: [...bare.commits, { date: '2026-06-02T00:00:00Z', files: { 'blueprint.yml': 'fail-under: 90\n' } }],
    });
    const dir = fx.temp();
    const recorded = await cli(['baseline', repo, '--now', NOW], { cwd: dir });
    expect(recorded.code).toBe(0); // a baseline records; it does not gate
    expect(recorded.stderr).toMatch(/Baseline recorded: compare later audits with --baseline blueprint-baseline\.json/);
    const baseline = JSON.parse(readFileSync(join(dir, 'blueprint-baseline.json'), 'utf8'));
    expect(baseline.repos[0].score).toBeGreaterThan(0);
    const compared = await cli(['audit', repo, '--now', NOW, '--baseline', join(dir, 'blueprint-baseline.json'), '--format', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(compared.stdout).repos[0].baseline).toMatchObject({ delta: 0, regressions: [] });
  });
});
