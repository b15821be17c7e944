import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wellRun } from '../../fixtures/repos.ts';
import { RULES } from '../../rules/index.ts';
import { ConfigError, OutputError, TargetError, UsageError } from '../../src/errors.ts';
import { baselineExitCode, EXIT, exitCodeFor, planExitCode } from '../../src/exit-codes.ts';
import type { Report } from '../../src/types.ts';
import { closeMatch } from '../../src/util/suggest.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const IDS = RULES.map((r) => r.meta.id);

describe('blueprint rules', () => {
  it('sizes each column to its longest value: no id runs into its pillar', async () => {
    const r = await cli(['rules']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const pillarAt = lines[0]!.indexOf('PILLAR');
    const riskAt = lines[0]!.indexOf('RISK');
    const descriptionAt = lines[0]!.indexOf('DESCRIPTION');
    expect(pillarAt).toBeGreaterThanOrEqual(Math.max(...IDS.map((id) => id.length)) + 2);
    for (const { meta } of RULES) {
      const row = lines.find((l) => l.startsWith(`${meta.id} `));
      expect(row, meta.id).toBeDefined();
      expect(row!.slice(pillarAt).startsWith(`${meta.pillar} `), row).toBe(true);
      expect(row!.slice(riskAt).startsWith(`${meta.risk} `), row).toBe(true);
      expect(row![descriptionAt - 1], row).toBe(' ');
      expect(row![descriptionAt - 2], row).toBe(' ');
    }
    expect(r.stdout).toMatch(/\ndisaster-recovery {2}shield {3}high {4}Real disaster-recovery tests/);
    // Wrapped lines start under the description.
    for (const line of lines.slice(1).filter((l) => l.startsWith(' '))) expect(line.search(/\S/)).toBe(descriptionAt);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('unknown rule ids', () => {
  it('suggest only a close id, else list the known ones', async () => {
    const far = await cli(['audit', '--rule', 'nope']);
    expect(far.code).toBe(2);
    expect(far.stderr).toBe(
      `error: unknown rule 'nope'\nhint: the rules are ${IDS.join(', ')}; \`blueprint rules\` says what each checks\n`,
    );
    expect(far.stderr).not.toMatch(/did you mean/);
    const close = await cli(['audit', '--rule', 'ci-pipeline,bus-factr']);
    expect(close.stderr).toBe("error: unknown rule 'bus-factr'\nhint: did you mean 'bus-factor'? Run `blueprint rules` to list them\n");
    const explained = await cli(['explain', 'nope']);
    expect(explained.code).toBe(2);
    expect(explained.stderr).toBe(far.stderr);
  });

  it('close means at most a third of the letters edited (at least two)', () => {
    expect(closeMatch('nope', IDS)).toBeNull();
    expect(closeMatch('iac', IDS)).toBe('iac');
    expect(closeMatch('ica', IDS)).toBe('iac');
    expect(closeMatch('dr', IDS)).toBeNull();
    expect(closeMatch('disaster-recover', IDS)).toBe('disaster-recovery');
    expect(closeMatch('automatedtests', IDS)).toBe('automated-tests');
    expect(closeMatch('anything', [])).toBeNull();
  });
});

describe('exit codes: one rule', () => {
  const report = (summary: Partial<Report['summary']>) =>
    ({ summary: { repos: 1, audited: 1, errors: 0, incomplete: 0, passed: true, ...summary } }) as unknown as Report;

  it('each error class carries its code from src/exit-codes.ts', () => {
    expect(new UsageError('x').exitCode).toBe(EXIT.usage);
    expect(new ConfigError('x', null).exitCode).toBe(EXIT.config);
    expect(new OutputError('f', 'x', null).exitCode).toBe(EXIT.output);
    expect(new TargetError('x').exitCode).toBe(EXIT.targetFailed);
    expect(EXIT).toMatchObject({ ok: 0, gateFailed: 1, usage: 2, config: 2, output: 2, targetFailed: 3 });
  });

  it('audit and merge: 3 wins over 1; baseline only fails on 3; plan only when nothing was audited', () => {
    expect(exitCodeFor(report({}))).toBe(0);
    expect(exitCodeFor(report({ passed: false }))).toBe(1);
    expect(exitCodeFor(report({ passed: false, errors: 1 }))).toBe(3);
    expect(exitCodeFor(report({ incomplete: 1 }))).toBe(3);
    expect(baselineExitCode(report({ passed: false }))).toBe(0);
    expect(baselineExitCode(report({ incomplete: 1 }))).toBe(3);
    expect(planExitCode(report({ incomplete: 1, passed: false }))).toBe(0);
    expect(planExitCode(report({ audited: 0, errors: 1 }))).toBe(3);
    expect(planExitCode(report({ repos: 0, audited: 0 }))).toBe(0);
  });
});

describe('a write that fails is an output error, not a bad blueprint', () => {
  it('-o into a missing folder: exit 2, the path and the write named, no file:line, nothing on stdout', async () => {
    const repo = fx.build(wellRun);
    const missing = join(fx.temp(), 'missing', 'r.json');
    for (const [args, what] of [
      [['audit', repo, '--format', 'json', '-o', missing], 'the report'],
      [['baseline', repo, '-o', missing], 'the report'],
      [['plan', repo, '-o', missing], 'the plan'],
    ] as const) {
      const r = await cli([...args, '--now', NOW]);
      expect(r.code, args[0]).toBe(EXIT.output);
      expect(r.stdout, args[0]).toBe('');
      expect(r.stderr, args[0]).toMatch(
        new RegExp(`^error: ${missing}: cannot write ${what}: the folder .* does not exist \\(ENOENT\\)\\n`),
      );
      expect(r.stderr).toMatch(/\nhint: create the folder first, or write somewhere else\n$/);
      expect(r.stderr).not.toMatch(/blueprint\.yml|:\d+:\d+:/);
    }
  });

  it('a folder that cannot be written, beside a broken blueprint.yml that is reported as one', async () => {
    const readOnly = join(fx.temp(), 'file-not-folder');
    writeFileSync(readOnly, 'a file');
    const r = await cli(['audit', fx.build(wellRun), '--now', NOW, '--output-dir', join(readOnly, 'reports')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*reports\/blueprint\.txt: cannot write the report: .*file-not-folder is not a folder\n/);
    const dir = fx.temp();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'blueprint.yml'), 'rules:\n  nope: error\n');
    const config = await cli(['audit', fx.build(wellRun), '--now', NOW, '--config', join(dir, 'blueprint.yml')]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(new RegExp(`^error: ${join(dir, 'blueprint.yml')}:2:3: `));
  });
});
