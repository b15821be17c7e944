import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { audit, defineRule, renderPlan, renderText, RULES, type Report, type RepoReport } from '../../src/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

/** Object.prototype must hold nothing a report put there. */
function assertUnpolluted(): void {
  const probe = {} as Record<string, unknown>;
  expect(Object.keys(Object.prototype)).toEqual([]);
  for (const key of ['pass', 'warn', 'fail', 'skip', 'error', 'total', 'baseline', 'current', 'delta'])
    expect(probe[key], key).toBeUndefined();
}

afterEach(assertUnpolluted);

let dir: string;
/** A repository to audit against a baseline; audits only read it, so one serves every case. */
let plain: string;
let good: Report;
let goodText: string;
beforeAll(async () => {
  dir = fx.temp();
  plain = fx.build(bare);
  const r = await cli(['audit', fx.build(wellRun), plain, '--now', NOW, '--format', 'json', '--output', join(dir, 'good.json')]);
  expect(r.code).toBeLessThan(2);
  goodText = readFileSync(join(dir, 'good.json'), 'utf8');
  good = JSON.parse(goodText) as Report;
});

function write(name: string, doc: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const copy = (): Report => JSON.parse(goodText) as Report;

/** Every way a report file reaches the tool: --baseline, merge, plan --from. */
async function everyEntry(file: string) {
  return {
    baseline: await cli(['audit', plain, '--now', NOW, '--baseline', file]),
    merge: await cli(['merge', file]),
    plan: await cli(['plan', '--from', file, '--now', NOW]),
  };
}

describe('a report file that breaks the contract is a configuration error (exit 2), from every entry', () => {
  it.each([
    ['a null repository', () => ({ schemaVersion: 1, repos: [null] }), /at \$, the object lacks the required field "tool"/],
    [
      'a null repository in an otherwise whole report',
      () => ({ ...copy(), repos: [null] }),
      /at \$\.repos\[0\], the value null must be object/,
    ],
    [
      'a rule id that is not one',
      () => {
        const r = copy();
        r.repos[0]!.rules[0]!.id = '__proto__';
        return r;
      },
      /at \$\.repos\[0\]\.rules\[0\]\.id, the value "__proto__" must match pattern/,
    ],
    [
      'a summary keyed by __proto__',
      () =>
        JSON.parse(
          goodText.replace('"rules": {', '"rules": { "__proto__": { "pass": 1, "warn": 0, "fail": 0, "skip": 0, "error": 0, "total": 1 },'),
        ),
      /at \$\.summary\.rules, the key "__proto__" is not a rule id/,
    ],
    [
      'a reference time that is not a date',
      () => ({ ...copy(), generatedAt: 'yesterday' }),
      /at \$\.generatedAt, the value "yesterday" must match format "date-time"/,
    ],
    [
      'a score out of range',
      () => {
        const r = copy();
        r.repos[0]!.score = 1000;
        return r;
      },
      /at \$\.repos\[0\]\.score, the value 1000 must be <= 100/,
    ],
    [
      'findings that are not a list',
      () => {
        const r = copy();
        (r.repos[0]!.rules[0] as unknown as { findings: unknown }).findings = 'none';
        return r;
      },
      /at \$\.repos\[0\]\.rules\[0\]\.findings, the value "none" must be array/,
    ],
  ])('%s', async (name, doc, problem) => {
    const file = write(`${name.replace(/\W+/g, '-')}.json`, doc());
    const results = await everyEntry(file);
    for (const [entry, r] of Object.entries(results)) {
      expect(r.code, `${entry}: ${r.stderr}`).toBe(2);
      expect(r.stderr, entry).toMatch(
        new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (baseline|report) is not a blueprint report: `),
      );
      expect(r.stderr, entry).toMatch(problem);
      expect(r.stderr, entry).toMatch(/\nhint: pass a report written by `blueprint audit --format json`/);
      expect(r.stderr, entry).not.toMatch(/internal error|this is a bug|\n\s+at /);
      expect(r.stdout, entry).toBe('');
    }
  });

  it('a trend given where an audit report is read says it is a trend', async () => {
    const trendFile = write('trend.json', {
      schemaVersion: 1,
      tool: copy().tool,
      generatedAt: NOW,
      since: NOW,
      until: NOW,
      every: 'month',
      threshold: 1,
      repos: [],
    });
    for (const args of [
      ['audit', plain, '--now', NOW, '--baseline', trendFile],
      ['plan', '--from', trendFile, '--now', NOW],
    ]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/(baseline|report) is a trend \(written by `blueprint trend`\), not an audit report\nhint: /);
      expect(r.stdout).toBe('');
    }
  });

  it('a file that is not JSON, or another schema version, says so', async () => {
    const broken = await everyEntry(write('broken.json', '{"schemaVersion": 1,'));
    for (const r of Object.values(broken)) expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not valid JSON/) });
    const future = await everyEntry(write('v2.json', { ...copy(), schemaVersion: 2 }));
    for (const r of Object.values(future))
      expect(r).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/is not a blueprint report \(schemaVersion 1 with repos\) \(it has schemaVersion 2\)/),
      });
  });
});

describe('reports written before `complete` existed', () => {
  const old = () => {
    const r = copy() as unknown as { repos: Array<Partial<RepoReport>>; summary: Partial<Report['summary']> };
    for (const repo of r.repos) {
      delete repo.complete;
      delete repo.incomplete;
    }
    delete r.summary.incomplete;
    return r;
  };

  it('load as complete for --baseline, merge and plan --from', async () => {
    const file = write('old.json', old());
    const results = await everyEntry(file);
    for (const [entry, r] of Object.entries(results)) expect(r.code, `${entry}: ${r.stderr}`).toBeLessThan(2);
    const merged = JSON.parse((await cli(['merge', file, '--format', 'json'])).stdout) as Report;
    expect(merged.repos.map((r) => r.complete)).toEqual([true, true]);
    expect(merged.repos.map((r) => r.incomplete)).toEqual([[], []]);
    expect(merged.summary.incomplete).toBe(0);
  });

  it('an incomplete repository in a merged report stays incomplete', async () => {
    const r = copy();
    r.repos[1]!.complete = false;
    r.repos[1]!.incomplete = ['bus-factor: could not read CODEOWNERS'];
    const merged = await cli(['merge', write('partial.json', r)]);
    expect(merged.stdout).toMatch(/Incomplete audit: bus-factor: could not read CODEOWNERS/);
    expect(merged.stdout).toMatch(/1 incompletely/);
  });
});

describe('maps keyed by rule ids have no prototype to pollute', () => {
  it("a program's own rule named __proto__, audited and compared with a baseline", async () => {
    const proto = defineRule({
      meta: {
        id: '__proto__',
        pillar: 'speed',
        description: 'A rule with a hostile id.',
        risk: 'low',
        defaultSeverity: 'warn',
        needs: [],
        options: z.object({}),
        remediation: 'None.',
      },
      evaluate: async () => ({ score: 5, metrics: {}, findings: [] }),
    });
    const target = fx.build(bare);
    const now = new Date(NOW);
    const first = await audit({ targets: [target], now, ruleSet: [...RULES, proto] });
    const second = await audit({ targets: [target], now, ruleSet: [...RULES, proto], baseline: first });
    assertUnpolluted();
    expect(Object.hasOwn(second.summary.rules, '__proto__')).toBe(true);
    expect(second.summary.rules.__proto__).toMatchObject({ warn: 1, total: 1 });
    expect(Object.hasOwn(second.repos[0]!.baseline!.rules, '__proto__')).toBe(true);
    expect(renderText(second)).toMatch(/__proto__ +5\.0\/10/);
  });
});

describe('an organisation of 300,000 repositories', () => {
  // About 8 s of CPU on a quiet machine; the suite runs four workers on two cores, so it is given room.
  it('renders as text and as a plan without overflowing the stack', { timeout: 120_000 }, () => {
    const pillars = {
      speed: { score: 50, rules: 1 },
      stretch: { score: 50, rules: 0 },
      shield: { score: 50, rules: 0 },
      sales: { score: 50, rules: 0 },
    };
    const count = 300_000;
    const repos: RepoReport[] = Array.from({ length: count }, (_, i) => ({
      target: `org/repo-${i}`,
      status: 'ok',
      error: null,
      path: null,
      ref: null,
      commit: null,
      defaultBranch: null,
      blueprint: { source: 'builtin:recommended' },
      notes: [],
      complete: true,
      incomplete: [],
      score: 50,
      pillars,
      rules: [],
      baseline: null,
      gate: { failUnder: null, passed: true, failures: [] },
    }));
    const scores = { speed: 50, stretch: 50, shield: 50, sales: 50 };
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'blueprint-audit', version: '0.1.0' },
      generatedAt: '2026-11-24T12:00:00.000Z',
      blueprint: { source: 'builtin:recommended' },
      repos,
      summary: {
        repos: count,
        audited: count,
        errors: 0,
        incomplete: 0,
        score: 50,
        passed: true,
        pillars: scores,
        ranking: repos.map((r) => ({ target: r.target, status: r.status, score: r.score, pillars: scores, error: null })),
        rules: {},
      },
    };
    // Quiet still ends with the organisation's summary, where the whole ranking used to be spread into push().
    const text = renderText(report, { quiet: true });
    // Each named by its folder, as a relative path target is.
    expect(text.split('\n').filter((l) => l.startsWith('repo-'))).toHaveLength(count);
    expect(text).toMatch(/^Summary: 300000 repositories audited$/m);
    expect(renderPlan(report, { now: new Date(NOW) })).toMatch(/^# Operational blueprint: 300000 repositories/);
  });
});
