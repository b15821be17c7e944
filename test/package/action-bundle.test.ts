import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wellRun } from '../../fixtures/repos.ts';
import { fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '../..');

/** A checkout of a release of the action, as the runner downloads it: the sources and the bundle, no node_modules. */
function releaseCheckout(): string {
  const dir = fx.temp();
  for (const part of ['package.json', 'action.yml', 'bin', 'docs', 'scripts'])
    cpSync(join(root, part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'rules/iac'), { recursive: true });
  cpSync(join(root, 'rules/iac/README.md'), join(dir, 'rules/iac/README.md'));
  const r = spawnSync(process.execPath, [join(root, 'scripts/bundle-action.js'), join(dir, 'dist/action.mjs')], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

describe('the released action (needs `npm run build`)', () => {
  it('installs nothing and audits from its one-file bundle, with no node_modules anywhere', () => {
    const action = releaseCheckout();
    const setup = spawnSync('bash', [join(action, 'scripts/action-setup.sh')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GITHUB_ACTION_PATH: action },
    });
    expect(setup.status, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(/^blueprint-audit \d+\.\d+\.\d+: prebuilt, nothing to install\n$/);
    expect(existsSync(join(action, 'node_modules'))).toBe(false);

    const workspace = fx.build(wellRun);
    const dir = fx.temp();
    const output = join(dir, 'output.txt');
    const summary = join(dir, 'summary.md');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const run = spawnSync(process.execPath, [join(action, 'bin/action.js')], {
      timeout: 120_000,
      encoding: 'utf8',
      cwd: workspace,
      env: {
        PATH: process.env.PATH,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        XDG_CACHE_HOME: dir,
        INPUT_NOW: NOW,
        INPUT_FORMATS: 'text,sarif',
        INPUT_SUMMARY: 'true',
      },
    });
    expect(run.status, run.stderr).toBe(0);
    const outputs = readFileSync(output, 'utf8');
    expect(outputs).toMatch(/^score=100$/m);
    expect(outputs).toMatch(/^passed=true$/m);
    const sarif = /^sarif-file=(.+)$/m.exec(outputs)![1]!;
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(summary, 'utf8')).toMatch(/^## Blueprint audit: 100\.0 \/ 100/);
  });

  it('a ref that is not a release is compiled by the install step, and says so', () => {
    const script = readFileSync(join(root, 'scripts/action-setup.sh'), 'utf8');
    expect(script).toMatch(/if \[ -f dist\/action\.mjs \]; then[\s\S]*exit 0\nfi\necho "::notice [^\n]*\nnpm ci [^\n]*\nnpm run build/);
    expect(readFileSync(join(root, 'action.yml'), 'utf8')).toContain('run: bash "$GITHUB_ACTION_PATH/scripts/action-setup.sh"');
  });
});
