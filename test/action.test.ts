import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bare, wellRun } from '../fixtures/repos.ts';
import { runAction } from '../src/action.ts';
import { fixtures, NOW } from './helpers.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '..');

/** The files and variables a GitHub Actions runner gives a step. */
function actionsEnvironment(workspace: string, inputs: Record<string, string>) {
  const dir = fx.temp();
  const summary = join(dir, 'step_summary.md');
  const output = join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: Record<string, string> = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, XDG_CACHE_HOME: dir };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, summary, output };
}

function outputs(file: string): Record<string, string> {
  return Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('the GitHub Action', () => {
  it('audits the workspace, writes the job summary, the SARIF file and the outputs', async () => {
    const workspace = fx.build(wellRun);
    const { env, summary, output } = actionsEnvironment(workspace, { now: NOW, 'fail-under': '90', formats: 'text,sarif,html' });
    let stdout = '';
    const code = await runAction({ stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, env, cwd: workspace, stdoutIsTTY: false, stderrIsTTY: false });
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
    const code = await runAction({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: workspace, stdoutIsTTY: false, stderrIsTTY: false });
    expect(code).toBe(1);
    expect(outputs(output)).toMatchObject({ passed: 'false', 'exit-code': '1' });
  });

  it('runs from bin/action.js as the runner starts it', () => {
    const workspace = fx.build(wellRun);
    const { env, output } = actionsEnvironment(workspace, { now: NOW, summary: 'false' });
    const r = spawnSync(process.execPath, [join(root, 'bin/action.js')], { env: { ...env, PATH: process.env.PATH }, encoding: 'utf8', cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(outputs(output).score).toBe('100');
  });

  it('action.yml passes every input to the entry point, and its outputs come from it', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'audit');
    expect(Object.keys(step.env).sort()).toEqual(Object.keys(action.inputs).map((k) => `INPUT_${k.toUpperCase()}`).sort());
    for (const [name, value] of Object.entries(step.env)) expect(value).toBe(`\${{ inputs.${name.slice('INPUT_'.length).toLowerCase()} }}`);
    for (const name of Object.keys(action.outputs)) expect(action.outputs[name].value).toBe(`\${{ steps.audit.outputs.${name} }}`);
  });
});
