import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { gitIn } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import { parseBudget, parseFocus, presetFor } from '../../src/init/answers.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const golden = (name: string) => join(import.meta.dirname, '__snapshots__', name);

/** A terminal that types each answer once its question appears, as a person would. */
function terminal(script: Array<[question: RegExp, keys: string]>) {
  const input = new PassThrough();
  const output = new PassThrough();
  // Like process.stdout, the terminal stays open when a prompt ends its own piped stream.
  output.end = () => output;
  let screen = '';
  const pending = [...script];
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const next = pending[0];
    if (next && next[0].test(screen)) {
      pending.shift();
      screen = '';
      setTimeout(() => input.write(next[1]), 5);
    }
  });
  return { prompt: { input, output }, unanswered: () => pending.length };
}

describe('blueprint init', () => {
  it('non-interactive: team size, budget and pain make a preset, a pillar and three practices (golden)', async () => {
    const dir = fx.temp();
    const r = await cli(['init', dir, '--team-size', '12', '--budget', '1.5M', '--focus', 'incidents', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/preset scaleup, starting with SHIELD: bus-factor, disaster-recovery, access-review\./);
    await expect(readFileSync(join(dir, 'blueprint.yml'), 'utf8')).toMatchFileSnapshot(golden('scaleup-shield.yml'));
    const small = fx.temp();
    await cli(['init', small, '--team-size', '4', '--budget', '$600k', '--focus', 'deploys', '--now', NOW]);
    await expect(readFileSync(join(small, 'blueprint.yml'), 'utf8')).toMatchFileSnapshot(golden('startup-speed.yml'));
    // Every practice STRETCH starts with is kept as records: each is set to fail without them.
    const records = fx.temp();
    await cli(['init', records, '--team-size', '30', '--budget', '4M', '--focus', 'people', '--now', NOW]);
    await expect(readFileSync(join(records, 'blueprint.yml'), 'utf8')).toMatchFileSnapshot(golden('scaleup-stretch.yml'));
  });

  it('the file it writes is what the audit then runs: the three practices only', async () => {
    const dir = fx.build(wellRun);
    expect((await cli(['init', dir, '--team-size', '80', '--budget', '20M', '--focus', 'growth', '--now', NOW])).code).toBe(0);
    gitIn(dir, ['add', 'blueprint.yml']);
    gitIn(dir, ['commit', '-qm', 'blueprint']);
    const r = await cli(['audit', dir, '--now', NOW, '--format', 'json']);
    const report = JSON.parse(r.stdout).repos[0];
    expect(report.blueprint.source).toBe(join(dir, 'blueprint.yml'));
    expect(report.rules.filter((x: { status: string }) => x.status !== 'skip').map((x: { id: string }) => x.id)).toEqual([
      'product-briefs',
      'hypotheses',
      'poc-sharing',
    ]);
    expect(report.review).toEqual({ everyDays: 91, next: '2027-02-23', owner: null });
    expect(report.gate.failUnder).toBe(70); // enterprise
  });

  it('asks through its prompts when there is a terminal', async () => {
    const dir = fx.temp();
    const t = terminal([
      [/How many engineers/, '30\r'],
      [/yearly engineering budget/, '4M\r'],
      [/Where does it hurt most/, '\u001b[B\r'], // down once: losing people or customers
    ]);
    const r = await cli(['init', dir, '--now', NOW], { prompt: t.prompt });
    expect(t.unanswered()).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/preset scaleup, starting with STRETCH: process-reviews, feedback-loop, experiments\./);
    expect(readFileSync(join(dir, 'blueprint.yml'), 'utf8')).toMatch(
      /team of 30 engineers\n# with an engineering budget of about \$4M a year/,
    );
  });

  it('asks only what the flags leave open; --yes takes defaults; no terminal and no answers is a usage error', async () => {
    const asked = fx.temp();
    const t = terminal([[/Where does it hurt most/, '\u001b[B\u001b[B\r']]);
    expect((await cli(['init', asked, '--team-size', '5', '--budget', '500000', '--now', NOW], { prompt: t.prompt })).code).toBe(0);
    expect(readFileSync(join(asked, 'blueprint.yml'), 'utf8')).toMatch(/SHIELD: where we start/);
    const defaults = fx.temp();
    expect((await cli(['init', defaults, '--yes', '--now', NOW])).code).toBe(0);
    expect(readFileSync(join(defaults, 'blueprint.yml'), 'utf8')).toMatch(/extends: startup[\s\S]*SPEED: where we start/);
    const none = await cli(['init', fx.temp()]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no terminal to ask them\nhint: give --team-size, --budget and --focus, or --yes/);
  });

  it('refuses to overwrite without --force, and rejects bad answers clearly', async () => {
    const dir = fx.temp();
    writeFileSync(join(dir, 'blueprint.yml'), 'extends: none\n');
    const refused = await cli(['init', dir, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/blueprint\.yml: already exists; init never overwrites it\nhint: .*--force/);
    expect(readFileSync(join(dir, 'blueprint.yml'), 'utf8')).toBe('extends: none\n');
    expect((await cli(['init', dir, '--yes', '--force'])).code).toBe(0);
    expect(readFileSync(join(dir, 'blueprint.yml'), 'utf8')).toMatch(/^# yaml-language-server/);
    const budget = await cli(['init', fx.temp(), '--budget', 'lots', '--yes']);
    expect(budget).toMatchObject({ code: 2 });
    expect(budget.stderr).toMatch(/--budget 'lots' is not an amount/);
    expect((await cli(['init', fx.temp(), '--focus', 'morale', '--yes'])).stderr).toMatch(/--focus 'morale' is not a pain or a pillar/);
    expect((await cli(['init', fx.temp(), '--team-size', '0'])).code).toBe(2);
    expect(existsSync(join(dir, 'blueprint.yml.tmp'))).toBe(false);
  });

  it('an audit right after init scores the chosen practices: no records is a failure with first steps, not a skip', async () => {
    const chosen = {
      deploys: ['ci-pipeline', 'automated-tests', 'branch-lifetime'],
      people: ['process-reviews', 'feedback-loop', 'experiments'],
      incidents: ['bus-factor', 'disaster-recovery', 'cost-alerts'],
      growth: ['hypotheses', 'mvp-metrics', 'product-briefs'],
    };
    // The chosen practices whose evidence is records (their rules have whenAbsent).
    const recordBased: Record<string, string[]> = {
      deploys: [],
      people: chosen.people,
      incidents: ['disaster-recovery', 'cost-alerts'],
      growth: chosen.growth,
    };
    for (const [focus, ids] of Object.entries(chosen)) {
      const dir = fx.build({ commits: [{ date: '2026-11-01T00:00:00Z', files: { 'src/app.ts': 'export const x = 1;\n' } }] });
      expect((await cli(['init', dir, '--team-size', '4', '--budget', '600k', '--focus', focus, '--now', NOW])).code).toBe(0);
      gitIn(dir, ['add', 'blueprint.yml']);
      gitIn(dir, ['commit', '-qm', 'blueprint']);
      const report = JSON.parse((await cli(['audit', dir, '--now', NOW, '--format', 'json'])).stdout).repos[0];
      expect(report.score, focus).not.toBeNull();
      const rules = report.rules.filter((r: { status: string }) => r.status !== 'skip');
      expect(rules.map((r: { id: string }) => r.id).sort(), focus).toEqual([...ids].sort());
      const text = (await cli(['audit', dir, '--now', NOW])).stdout;
      for (const id of recordBased[focus]!) {
        const rule = rules.find((r: { id: string }) => r.id === id);
        expect(rule.status, id).toBe('fail');
        expect(rule.score, id).toBe(0);
        expect(rule.findings[0].message, id).toMatch(/^No .*: add /);
        expect(text, id).toMatch(new RegExp(`FAIL {2}${id} +0\\.0/10\\n(?: {8}.*\\n)*? {8}fix: `));
      }
    }
  });

  it('never writes through a link: not with --force over a linked blueprint.yml, not with -o into a linked folder', async () => {
    const outside = fx.temp();
    const canary = join(outside, 'canary.txt');
    writeFileSync(canary, 'canary\n');
    const link = (target: string) => ({ content: target, mode: 'symlink' as const });
    const dir = fx.build({
      commits: [{ date: '2026-11-01T00:00:00Z', files: { 'a.ts': '1\n', 'blueprint.yml': link(canary), config: link(outside) } }],
    });
    const t = terminal([[/How many engineers/, '30\r']]);
    const forced = await cli(['init', dir, '--force', '--now', NOW], { prompt: t.prompt });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/blueprint\.yml: is a link \(to \/.*canary\.txt\); blueprint never writes through a link\nhint: /);
    expect(t.unanswered()).toBe(1); // refused before asking anything
    expect((await cli(['init', dir, '--yes'])).stderr).toMatch(/blueprint\.yml: is a link/);
    for (const output of ['config/blueprint.yml', 'config/deeper/blueprint.yml']) {
      const r = await cli(['init', dir, '--yes', '-o', output]);
      expect(r.code, output).toBe(2);
      expect(r.stderr, output).toMatch(
        /\/config is a link \(to \/.*\) inside a git repository; blueprint does not write through links it did not create/,
      );
    }
    expect(readFileSync(canary, 'utf8')).toBe('canary\n');
    expect(readdirSync(outside)).toEqual(['canary.txt']);
  });

  it('reads budgets and focus the way people write them; picks presets by size and budget', () => {
    expect(['1500000', '1.5M', '$1,500,000', '1500k', '1.5m USD'].map(parseBudget)).toEqual([
      1_500_000, 1_500_000, 1_500_000, 1_500_000, 1_500_000,
    ]);
    expect(['', 'abc', '-5', '0'].map(parseBudget)).toEqual([null, null, null, null]);
    expect(['deploys', 'SPEED', 'shield', 'customers', 'x'].map(parseFocus)).toEqual(['deploys', 'deploys', 'incidents', 'people', null]);
    expect(presetFor({ teamSize: 8, budget: 1e6, pain: 'deploys' })).toBe('startup');
    expect(presetFor({ teamSize: 25, budget: 3e6, pain: 'deploys' })).toBe('scaleup');
    expect(presetFor({ teamSize: 25, budget: 8e5, pain: 'deploys' })).toBe('startup');
    expect(presetFor({ teamSize: 9, budget: 3e7, pain: 'deploys' })).toBe('enterprise');
    expect(presetFor({ teamSize: 200, budget: 1e7, pain: 'deploys' })).toBe('enterprise');
  });
});
