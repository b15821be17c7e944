import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const dir = join(import.meta.dirname, '../../fixtures/configs');

/** One fixture file per error case: the exact first line the user sees, and the hint. */
const CASES: Array<[file: string, error: string, hint: RegExp]> = [
  ['syntax-error.yml', 'syntax-error.yml:2:8: invalid YAML: Nested mappings are not allowed in compact mappings', /fix the syntax/],
  ['broken.json', 'broken.json:5:1: invalid JSON: Flow map must end with a }', /fix the syntax/],
  ['unknown-key.yml', "unknown-key.yml:2:1: unknown key 'fail_under'", /did you mean 'fail-under'\?/],
  ['unknown-rule.yml', "unknown-rule.yml:3:3: unknown rule 'ci-pipelines'", /did you mean 'ci-pipeline'\? run `blueprint rules`/],
  ['bad-severity.yml', "bad-severity.yml:2:8: rules.iac: 'loud' is not a severity", /use off, warn or error/],
  [
    'bad-option-type.yml',
    'bad-option-type.yml:4:17: rules.style-guide.options.maxWords: Invalid input: expected number, received string',
    /blueprint explain style-guide/,
  ],
  ['unknown-option.yml', "unknown-option.yml:4:7: rules.style-guide.options: unknown option 'maxWord'", /blueprint explain style-guide/],
  ['fail-under-range.yml', 'fail-under-range.yml:2:13: fail-under: Too big: expected number to be <=100', /blueprint.example.yml/],
  [
    'negative-weight.yml',
    'negative-weight.yml:3:13: rules.ci-pipeline.weight: Too small: expected number to be >=0',
    /blueprint explain ci-pipeline/,
  ],
  ['two-documents.yml', 'two-documents.yml:1:1: the file holds several YAML documents', /remove the extra ---/],
  ['not-a-mapping.yml', 'not-a-mapping.yml:1:1: the blueprint config must be a mapping of keys to values', /blueprint.example.yml/],
  [
    'unknown-preset.yml',
    'unknown-preset.yml:1:10: extends: Invalid option: expected one of "recommended"|"startup"|"scaleup"|"enterprise"|"none"',
    /blueprint.example.yml/,
  ],
  [
    'package-json-error/package.json',
    'package-json-error/package.json:4:63: rules.ci-pipeline.options.requireDeploy: Invalid input: expected boolean, received string',
    /blueprint explain ci-pipeline/,
  ],
];

describe('configuration errors: exit 2, file:line:col, a hint, no stack', () => {
  const repo = fx.build(wellRun);
  it.each(CASES)('%s', async (file, error, hint) => {
    const r = await cli(['audit', repo, '--now', NOW, '--config', join(dir, file)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, second, ...rest] = r.stderr.trimEnd().split('\n');
    expect(first).toBe(`error: ${error}`);
    expect(second).toMatch(/^hint: /);
    expect(second).toMatch(hint);
    expect(rest).toEqual([]);
  });

  it('a --config file that does not exist or is a folder', async () => {
    const missing = await cli(['audit', repo, '--config', 'nope.yml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: nope.yml: cannot read config file: no such file\nhint: check the path given to --config\n');
    const folder = await cli(['audit', repo, '--config', 'package-json-error'], { cwd: dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^error: package-json-error: cannot read config file: it is a folder\n/);
  });

  it('--debug adds the stack trace', async () => {
    const r = await cli(['audit', repo, '--debug', '--config', join(dir, 'unknown-rule.yml')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('the example blueprint documents every rule and option, and loads', async () => {
    const { RULES } = await import('../../rules/index.ts');
    const { readFileSync } = await import('node:fs');
    const example = readFileSync(join(import.meta.dirname, '../../blueprint.example.yml'), 'utf8');
    for (const rule of RULES) {
      expect(example).toContain(`  ${rule.meta.id}:`);
      const shape = (rule.meta.options as unknown as z.ZodObject).shape;
      for (const option of Object.keys(shape)) expect(example, `${rule.meta.id}.${option}`).toMatch(new RegExp(`\\b${option}:`));
    }
    expect(example).toMatch(/^# yaml-language-server: \$schema=\.\/docs\/blueprint\.schema\.json/);
    const r = await cli(['audit', repo, '--now', NOW, '--config', 'blueprint.example.yml', '--format', 'json'], {
      cwd: join(import.meta.dirname, '../..'),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).blueprint.source).toBe('blueprint.example.yml');
  });

  it('docs/blueprint.schema.json is what the rule schemas generate (run `npm run schema`)', async () => {
    const { blueprintJsonSchema } = await import('../../src/config/schema.ts');
    const { readFileSync } = await import('node:fs');
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/blueprint.schema.json'), 'utf8'));
    expect(committed).toEqual(blueprintJsonSchema());
  });
});
