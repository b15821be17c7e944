import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildFixture, FIXTURE_ENV, gitIn } from '../fixtures/builder.ts';
import { bare, wellRun } from '../fixtures/repos.ts';
import { runAction } from '../src/action.ts';
import { fixtures, NOW } from './helpers.ts';
import { freePort, startGitDaemon, type GitDaemon } from './servers/git-daemon.ts';
import { FakeGitHub } from './servers/github.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '..');

/** The files and variables a GitHub Actions runner gives a step. */
function actionsEnvironment(workspace: string, inputs: Record<string, string>) {
  const dir = fx.temp();
  const summary = join(dir, 'step_summary.md');
  const output = join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    XDG_CACHE_HOME: dir,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, summary, output };
}

function outputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('the GitHub Action', () => {
  it('audits the workspace, writes the job summary, the SARIF file and the outputs', async () => {
    const workspace = fx.build(wellRun);
    const { env, summary, output } = actionsEnvironment(workspace, { now: NOW, 'fail-under': '90', formats: 'text,sarif,html' });
    let stdout = '';
    const code = await runAction({
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env,
      cwd: workspace,
      stdoutIsTTY: false,
    });
    expect(code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## Blueprint audit: 100\.0 \/ 100/);
    const out = outputs(output);
    expect(out).toMatchObject({ score: '100', passed: 'true', 'exit-code': '0', 'report-dir': join(workspace, 'blueprint-reports') });
    expect(JSON.parse(readFileSync(out['sarif-file']!, 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(workspace, 'blueprint-reports', 'blueprint.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('fails the step on a low score and says so in the outputs', async () => {
    const workspace = fx.build(bare);
    const { env, output } = actionsEnvironment(workspace, { now: NOW, 'fail-under': '50' });
    const code = await runAction({
      stdout: { write: () => true },
      stderr: { write: () => true },
      env,
      cwd: workspace,
      stdoutIsTTY: false,
    });
    expect(code).toBe(1);
    expect(outputs(output)).toMatchObject({ passed: 'false', 'exit-code': '1' });
  });

  it('runs from bin/action.js as the runner starts it', () => {
    const workspace = fx.build(wellRun);
    const { env, output } = actionsEnvironment(workspace, { now: NOW, summary: 'false' });
    const r = spawnSync(process.execPath, [join(root, 'bin/action.js')], {
      env: { ...env, PATH: process.env.PATH },
      encoding: 'utf8',
      cwd: root,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(outputs(output).score).toBe('100');
  });

  it('action.yml passes every input to the entry point, and its outputs come from it', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'audit');
    expect(Object.keys(step.env).sort()).toEqual(
      Object.keys(action.inputs)
        .map((k) => `INPUT_${k.toUpperCase()}`)
        .sort(),
    );
    for (const [name, value] of Object.entries(step.env)) expect(value).toBe(`\${{ inputs.${name.slice('INPUT_'.length).toLowerCase()} }}`);
    for (const name of Object.keys(action.outputs)) expect(action.outputs[name].value).toBe(`\${{ steps.audit.outputs.${name} }}`);
  });
});

/** Runs the action in-process and keeps what it printed. */
async function runIn(workspace: string, inputs: Record<string, string>) {
  const { env, output } = actionsEnvironment(workspace, inputs);
  let stdout = '';
  let stderr = '';
  const code = await runAction({
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: workspace,
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr, outputs: outputs(output) };
}

/** git without blocking the event loop: the test's own servers answer in this process. */
const gitAsync = (dir: string, args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile('git', ['-C', dir, ...args], { env: FIXTURE_ENV }, (error) => (error ? reject(error) : resolve())),
  );

/** What actions/checkout does by default: init, add origin, fetch one commit, check it out. */
async function checkout(url: string, config: Record<string, string> = {}): Promise<string> {
  const workspace = fx.temp();
  gitIn(workspace, ['init', '-q']);
  gitIn(workspace, ['remote', 'add', 'origin', url]);
  for (const [key, value] of Object.entries(config)) gitIn(workspace, ['config', key, value]);
  await gitAsync(workspace, ['fetch', '-q', '--no-tags', '--depth=1', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
  gitIn(workspace, ['checkout', '-q', '-B', 'main', 'refs/remotes/origin/main']);
  return workspace;
}

const isShallow = (dir: string) => gitIn(dir, ['rev-parse', '--is-shallow-repository']).trim() === 'true';

describe('the GitHub Action on a shallow checkout', () => {
  let daemon: GitDaemon;
  let served: string;
  beforeAll(async () => {
    served = fx.temp();
    buildFixture(wellRun, join(served, 'service'));
    daemon = await startGitDaemon(served);
  });
  afterAll(() => daemon?.stop());

  it("fetches the whole history before auditing (fetch-depth 1, actions/checkout's default), and warns", async () => {
    const workspace = await checkout(daemon.url('service'));
    expect(isShallow(workspace)).toBe(true);
    const r = await runIn(workspace, { now: NOW, summary: 'false' });
    expect(r.code, r.stderr).toBe(0);
    expect(isShallow(workspace)).toBe(false);
    expect(r.stdout).toMatch(
      /^::warning title=blueprint-audit::The checkout was shallow \(actions\/checkout fetches one commit by default\), so blueprint fetched the whole history before auditing\. Set fetch-depth: 0 on actions\/checkout/m,
    );
    expect(r.outputs).toMatchObject({ score: '100', passed: 'true', 'exit-code': '0' });
    // A full checkout is left alone and says nothing.
    const again = await runIn(workspace, { now: NOW, summary: 'false' });
    expect(again.stdout).not.toMatch(/::warning/);
  });

  it('deepens the workspace for a worktree of it too', async () => {
    const workspace = await checkout(daemon.url('service'));
    const tree = join(fx.temp(), 'base');
    gitIn(workspace, ['worktree', 'add', '-q', '--detach', tree, 'HEAD']);
    const r = await runIn(workspace, { now: NOW, summary: 'false', targets: tree });
    expect(r.code, r.stderr).toBe(0);
    expect(isShallow(workspace)).toBe(false);
  });

  it('fails with the instruction when the history cannot be fetched, and warns', async () => {
    const port = await freePort(); // nothing listens there
    const workspace = await checkout(daemon.url('service'));
    gitIn(workspace, ['remote', 'set-url', 'origin', `git://127.0.0.1:${port}/service`]);
    const r = await runIn(workspace, { now: NOW, summary: 'false' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /^::warning title=blueprint-audit::The checkout is shallow and blueprint could not fetch the whole history \(the remote could not be reached\), so branch ages, authorship and delivery cannot be audited\. Set fetch-depth: 0 on actions\/checkout\.$/m,
    );
    expect(r.stderr).toBe(
      'error: the checkout is shallow and fetching its history failed: the remote could not be reached\nhint: check out the whole history: add `with: { fetch-depth: 0 }` to the actions/checkout step\n',
    );
    expect(r.outputs).toMatchObject({ score: '', passed: 'false', 'exit-code': '2', 'sarif-file': '' });
    expect(isShallow(workspace)).toBe(true);
  });

  it("fetches with the action's token, in place of the header actions/checkout persisted", async () => {
    const github = new FakeGitHub({
      owners: [{ login: 'acme', type: 'Organization' }],
      repos: [
        { owner: 'acme', name: 'private', dir: buildFixture({ ...wellRun, bare: true }, join(fx.temp(), 'private.git')), private: true },
      ],
      tokens: ['ghs_current', 'ghs_stale'],
    });
    await github.start();
    try {
      const basic = (token: string) => `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
      const workspace = await checkout(`${github.url}/acme/private.git`, { [`http.${github.url}/.extraheader`]: basic('ghs_stale') });
      // The persisted token has since been revoked; the action's own is good.
      gitIn(workspace, ['config', `http.${github.url}/.extraheader`, basic('ghs_revoked')]);
      const refused = await runIn(workspace, { now: NOW, summary: 'false' });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/fetching its history failed: the server refused access/);
      const r = await runIn(workspace, { now: NOW, summary: 'false', 'github-token': 'ghs_current' });
      expect(r.code, r.stderr).toBe(0);
      expect(isShallow(workspace)).toBe(false);
      expect(r.stdout).not.toContain('ghs_current');
      expect(readFileSync(join(workspace, '.git', 'config'), 'utf8')).not.toContain(
        Buffer.from('x-access-token:ghs_current').toString('base64'),
      );
    } finally {
      await github.stop();
    }
  });
});

describe("the GitHub Action's report folder", () => {
  it('never writes through a link the repository committed in it, nor reports a file it did not write', async () => {
    const outside = fx.temp();
    const canary = join(outside, 'canary.txt');
    writeFileSync(canary, 'canary\n');
    const spoofed = JSON.stringify({ summary: { score: 100, passed: true } });
    const workspace = fx.build({
      ...bare,
      commits: [
        ...bare.commits,
        {
          date: '2026-11-23T12:00:00Z',
          files: { 'blueprint-reports/blueprint.sarif': { content: canary, mode: 'symlink' }, 'blueprint-reports/blueprint.json': spoofed },
        },
      ],
    });
    const r = await runIn(workspace, { now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: blueprint-reports\/blueprint\.sarif: is a link \(to \/.*canary\.txt\); blueprint never writes through a link\n/,
    );
    expect(readFileSync(canary, 'utf8')).toBe('canary\n');
    expect(readdirSync(outside)).toEqual(['canary.txt']);
    expect(readFileSync(join(workspace, 'blueprint-reports', 'blueprint.json'), 'utf8')).toBe(spoofed);
    expect(r.outputs).toMatchObject({ score: '', passed: 'false', 'exit-code': '2', 'sarif-file': '' });
  });

  it('refuses a report folder that is a link committed in the repository', async () => {
    const outside = fx.temp();
    const workspace = fx.build({
      ...bare,
      commits: [...bare.commits, { date: '2026-11-23T12:00:00Z', files: { 'blueprint-reports': { content: outside, mode: 'symlink' } } }],
    });
    const r = await runIn(workspace, { now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/blueprint-reports is a link \(to \/.*\) inside a git repository/);
    expect(readdirSync(outside)).toEqual([]);
  });
});
