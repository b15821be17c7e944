import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { RULES, RULES_BY_ID } from '../../rules/index.ts';
import { completeExample } from '../../src/config/example-doc.ts';
import { defaultSeverity } from '../../src/config/load.ts';
import type { PresetRules } from '../../src/config/presets.ts';
import type { CliIO } from '../../src/cli/run.ts';
import type { Report, Rule } from '../../src/types.ts';
import { fixtures, NOW, testCache } from '../helpers.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '../..');
const ruleFolders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();

/** What every rule's folder holds and its meta says; run on the registry and on the copied template. */
function checkShape(rule: Rule<any>, folder: string): void {
  expect(rule.meta.id, 'the id is the folder name').toBe(folder.split('/').pop());
  expect(rule.meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  expect(rule.meta.description).toMatch(/\.$/);
  expect(() => rule.meta.options.parse({})).not.toThrow();
  expect(rule.meta.firstSteps).toHaveLength(3);
  const readme = readFileSync(join(folder, 'README.md'), 'utf8');
  for (const section of ['## Why it matters', '## How it is checked', '## Options', '## How to fix'])
    expect(readme, `${rule.meta.id}: ${section}`).toContain(section);
  for (const option of Object.keys((rule.meta.options as unknown as z.ZodObject).shape))
    expect(readme, `${rule.meta.id} documents ${option}`).toContain(`\`${option}\``);
  expect(readme, 'the README states the default severity').toContain(`**Default severity:** ${defaultSeverity(rule)}`);
}

describe('the rule registry', () => {
  it('rules/index.ts is what scripts/write-registry.js generates from the folders (run `npm run regen`)', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/write-registry.js'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('lists every folder under rules/ once, by its id, and nothing else; _template is not a rule', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(ruleFolders(join(root, 'rules')));
    for (const [id, rule] of Object.entries(RULES_BY_ID)) expect(rule.meta.id).toBe(id);
    expect(RULES.map((r) => r.meta.id)).not.toContain('changelog');
    for (const rule of RULES) checkShape(rule, join(root, 'rules', rule.meta.id));
  });

  it('scaffold practices are unique, and blueprint.example.yml has an entry for every rule', async () => {
    const { TEMPLATES } = await import('../../src/scaffold/templates.ts');
    const practices = RULES.flatMap((r) => (r.meta.scaffold ? [r.meta.scaffold.practice] : []));
    expect(Object.keys(TEMPLATES)).toEqual(practices);
    const example = readFileSync(join(root, 'blueprint.example.yml'), 'utf8');
    expect(completeExample(example)).toBe(example);
  });

  it('presets are typed per rule: an unknown rule or option does not compile', () => {
    const good: PresetRules = { 'bus-factor': { weight: 2, options: { target: 3 } }, iac: { severity: 'warn' } };
    // @ts-expect-error no rule has this id
    const unknownRule: PresetRules = { 'no-such-rule': { weight: 2 } };
    // @ts-expect-error bus-factor has no option `targets`
    const unknownOption: PresetRules = { 'bus-factor': { options: { targets: 3 } } };
    // @ts-expect-error minRatio is a number
    const wrongType: PresetRules = { 'automated-tests': { options: { minRatio: 'high' } } };
    expect([good, unknownRule, unknownOption, wrongType]).toHaveLength(4);
  });
});

describe('adding a rule by copying rules/_template', () => {
  /** A copy of the project with the template copied to rules/changelog and `npm run regen`'s registry step run. */
  function projectWithTemplate(): string {
    const dir = fx.temp();
    for (const part of ['src', 'rules', 'scripts', 'package.json', 'blueprint.example.yml'])
      cpSync(join(root, part), join(dir, part), { recursive: true });
    symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
    cpSync(join(dir, 'rules/_template'), join(dir, 'rules/changelog'), { recursive: true });
    const r = spawnSync(process.execPath, [join(dir, 'scripts/write-registry.js')], { encoding: 'utf8' });
    expect(r).toMatchObject({ status: 0, stdout: 'wrote rules/index.ts\n' });
    return dir;
  }

  it('runs, is listed, documented and scored, without editing any other file', async () => {
    const dir = projectWithTemplate();
    const registry = readFileSync(join(dir, 'rules/index.ts'), 'utf8');
    expect(registry).toMatch(/ {2}delivery,\n {2}changelog,\n {2}experiments,/); // last of its pillar, speed
    expect(registry.replace(/\n {2}changelog,|\nimport changelog from '.\/changelog\/index.ts';/g, '')).toBe(
      readFileSync(join(root, 'rules/index.ts'), 'utf8'),
    );

    const cli = (await import(join(dir, 'src/cli/run.ts'))) as typeof import('../../src/cli/run.ts');
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const io: CliIO = {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { XDG_CACHE_HOME: testCache(), CI: 'true' },
        cwd: dir,
        stdoutIsTTY: false,
      };
      return { code: await cli.run(args, io), stdout, stderr };
    };

    const { RULES: copied } = (await import(join(dir, 'rules/index.ts'))) as typeof import('../../rules/index.ts');
    const template = copied.find((r) => r.meta.id === 'changelog')!;
    checkShape(template, join(dir, 'rules/changelog'));

    const listed = await run(['rules', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toContainEqual({
      id: 'changelog',
      pillar: 'speed',
      risk: 'low',
      description: template.meta.description,
    });
    expect((await run(['rules'])).stdout).toMatch(/^changelog {2,}speed {2,}low/m);

    const explained = await run(['explain', 'changelog']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('## Why it matters');
    expect(explained.stdout).toContain('maxAgeDays (integer, default 90)');

    const repo = fx.build({
      ...wellRun,
      commits: [...wellRun.commits, { date: '2026-11-20T10:00:00Z', files: { 'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n- first\n' } }],
    });
    const audited = await run(['audit', repo, '--now', NOW, '--format', 'json']);
    expect(audited.stderr).toBe('');
    const report = JSON.parse(audited.stdout) as Report;
    const result = report.repos[0]!.rules.find((r) => r.id === 'changelog');
    expect(result).toMatchObject({
      status: 'pass',
      score: 10,
      severity: 'warn',
      pillar: 'speed',
      metrics: { path: 'CHANGELOG.md', releases: 1 },
    });
    expect(report.repos[0]!.pillars.speed.rules).toBe(RULES.filter((r) => r.meta.pillar === 'speed').length + 1);
    const without = await run(['audit', fx.build(bare), '--now', NOW, '--format', 'json']);
    const missing = (JSON.parse(without.stdout) as Report).repos[0]!.rules.find((r) => r.id === 'changelog')!;
    expect(missing).toMatchObject({ status: 'warn', score: 0, findings: [{ code: 'missing' }] });

    // Its options are checked when blueprint.yml loads, and its starter is scaffolded.
    writeFileSync(join(repo, 'blueprint.yml'), 'rules:\n  changelog:\n    options: { maxAgeDay: 30 }\n');
    const typo = await run(['audit', repo, '--now', NOW]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/blueprint.yml:3:16: rules\.changelog\.options: unknown option 'maxAgeDay'/);
    const starter = await run(['scaffold', 'changelog', repo, '--print', '--now', NOW]);
    expect(starter).toMatchObject({ code: 0, stdout: expect.stringMatching(/^# Changelog\n/) });

    // What `npm run regen` writes from it: the JSON Schema, the presets, the example blueprint.
    const schema = (await import(join(dir, 'src/config/schema.ts'))) as typeof import('../../src/config/schema.ts');
    expect(JSON.stringify(schema.blueprintJsonSchema())).toContain(template.meta.description);
    const example = (await import(join(dir, 'src/config/example-doc.ts'))) as typeof import('../../src/config/example-doc.ts');
    const completed = example.completeExample(readFileSync(join(dir, 'blueprint.example.yml'), 'utf8'));
    expect(completed).toContain(
      '\n\n  changelog:\n    severity: warn            # recommended runs changelog as a warning\n    weight: 1\n' +
        '    options:\n      maxAgeDays: 90          # days the changelog may go without a change\n' +
        '      paths: []               # more places the changelog may be, looked at first\n\n  experiments:\n',
    );
    writeFileSync(join(dir, 'blueprint.example.yml'), completed);
    const exampleLoads = await run(['audit', repo, '--now', NOW, '--config', 'blueprint.example.yml', '--format', 'json']);
    expect(exampleLoads.stderr).toBe('');
    expect(existsSync(join(root, 'rules/changelog')), 'the real rules/ is untouched').toBe(false);
  });
});
