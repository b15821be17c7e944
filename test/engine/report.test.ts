import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictTypes: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

describe('the JSON report', () => {
  it('validates against docs/report.schema.json, for audited, failed and skipped shapes', async () => {
    const dir = fx.build({
      commits: [{ date: '2026-06-01T00:00:00Z', files: { 'blueprint.yml': 'rules:\n  iac: off\n', 'infra/terraform.tfstate': '{}' } }],
    });
    const r = await cli(['audit', fx.build(wellRun), fx.build(bare), dir, '/nowhere', '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'blueprint-audit' },
      generatedAt: '2026-11-24T12:00:00.000Z',
      blueprint: { source: 'per-repository' },
      summary: { repos: 4, audited: 3, errors: 1 },
    });
  });

  it('the schema rejects a report that breaks the contract', () => {
    expect(validate({ schemaVersion: 2 })).toBe(false);
  });

  it("has the contract's metrics for the first rules", async () => {
    const r = await cli(['audit', fx.build(wellRun), '--now', NOW, '--format', 'json']);
    const rules = Object.fromEntries(JSON.parse(r.stdout).repos[0].rules.map((x: any) => [x.id, x.metrics]));
    expect(rules['ci-pipeline']).toMatchObject({
      providers: ['github-actions'],
      stages: { test: true, build: true, deploy: true },
      manualGates: 0,
    });
    expect(rules.iac).toMatchObject({ tools: ['terraform'], files: 2, stateFiles: 0 });
    expect(rules['style-guide']).toMatchObject({
      path: 'STYLEGUIDE.md',
      words: 63,
      topics: ['naming', 'file-organization', 'comments', 'testing'],
      daysSinceRevision: 35.08,
      enforcement: ['editorconfig', 'eslint'],
    });
  });
});

describe('baseline and regressions', () => {
  it('exit 1 when the overall or a rule score falls more than the tolerance below the baseline; the report names each', async () => {
    const good = fx.build(wellRun);
    const baseline = join(fx.temp(), 'baseline.json');
    expect((await cli(['audit', good, '--now', NOW, '--format', 'json', '--output', baseline])).code).toBe(0);
    const worse = fx.build({
      commits: [
        ...wellRun.commits,
        {
          date: '2026-11-01T00:00:00Z',
          files: {
            '.github/workflows/ci.yml': 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n',
          },
        },
      ],
    });

    const r = await cli(['audit', worse, '--now', NOW, '--baseline', baseline, '--format', 'json']);
    expect(r.code).toBe(1);
    const repo = JSON.parse(r.stdout).repos[0];
    expect(repo.baseline.regressions).toEqual([
      { rule: null, baseline: 100, current: expect.any(Number), delta: expect.any(Number) },
      { rule: 'ci-pipeline', baseline: 100, current: 20, delta: -80 },
    ]);
    expect(repo.gate.failures).toContain('ci-pipeline regressed from 100 to 20 (-80)');

    const text = await cli(['audit', worse, '--now', NOW, '--baseline', baseline]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/regressed: ci-pipeline 10\.0 → 2\.0 \/ 10 \(-8\.0\)/);

    const tolerant = await cli(['audit', worse, '--now', NOW, '--baseline', baseline, '--tolerance', '80']);
    expect(tolerant.code).toBe(0);
  });

  it('an unreadable or foreign baseline is a usage error (exit 2)', async () => {
    const dir = fx.temp();
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    const foreign = await cli(['audit', fx.build(bare), '--baseline', join(dir, 'x.json')]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/baseline is not a blueprint report/);
    const missing = await cli(['audit', fx.build(bare), '--baseline', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read baseline: no such file/);
  });
});
