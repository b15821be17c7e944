import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { audit, defineRule, RULES, type Capability, type Pillar, type Risk, type Rule } from '../../src/index.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const now = new Date('2026-11-24T12:00:00Z');

function fixed(
  id: string,
  pillar: Pillar,
  risk: Risk,
  score: number | null,
  extra: { needs?: Capability[] } = {},
): Rule<{ bonus: number }> {
  return defineRule({
    meta: {
      id,
      pillar,
      risk,
      description: `${id}.`,
      needs: ['files'],
      options: z.strictObject({ bonus: z.number().default(0) }),
      remediation: 'Fix it.',
      ...extra,
    },
    async evaluate({ options }) {
      return {
        score: score === null ? null : score + options.bonus,
        metrics: { bonus: options.bonus },
        findings: [],
        ...(score === null && { reason: 'nothing to judge' }),
      };
    },
  });
}

describe('scores and aggregates', () => {
  it('weights each rule by its risk (critical 10, high 7.5, medium 5, low 2.5) times its weight', async () => {
    const ruleSet = [
      fixed('a', 'speed', 'high', 10),
      fixed('b', 'speed', 'low', 0),
      fixed('c', 'shield', 'critical', 5),
      fixed('d', 'sales', 'medium', 8),
    ];
    const repo = (await audit({ targets: [fx.build(bare)], now, ruleSet })).repos[0]!;
    expect(repo.pillars).toEqual({
      speed: { score: 75, rules: 2 },
      stretch: { score: null, rules: 0 },
      shield: { score: 50, rules: 1 },
      sales: { score: 80, rules: 1 },
    });
    expect(repo.score).toBe(Math.round(((10 * 7.5 + 0 + 5 * 10 + 8 * 5) / 25) * 100) / 10);
    expect(repo.rules.map((r) => r.status)).toEqual(['pass', 'fail', 'fail', 'pass']);
  });

  it('a rule that throws is an error, scores null, and the others go on', async () => {
    const boom = defineRule({
      ...fixed('boom', 'speed', 'high', 0),
      evaluate: async () => {
        throw new Error('kaput');
      },
    });
    const repo = (await audit({ targets: [fx.build(bare)], now, ruleSet: [boom, fixed('ok', 'speed', 'low', 9)] })).repos[0]!;
    expect(repo.rules[0]).toMatchObject({ id: 'boom', status: 'error', score: null, reason: 'rule failed: kaput' });
    expect(repo.rules[1]).toMatchObject({ id: 'ok', status: 'pass', score: 9 });
    expect(repo.score).toBe(90); // the errored rule leaves the aggregate
  });

  it('a rule needing a capability the source lacks is skipped with the reason', async () => {
    const forge = fixed('needs-forge', 'shield', 'high', 0, { needs: ['forge'] });
    const repo = (await audit({ targets: [fx.build(bare)], now, ruleSet: [forge, fixed('ok', 'speed', 'low', 4)] })).repos[0]!;
    expect(repo.rules[0]).toMatchObject({ status: 'skip', score: null, reason: 'needs forge, which this source does not provide' });
    expect(repo.pillars.shield.score).toBeNull();
    expect(repo.score).toBe(40);
  });

  it('a rule that cannot judge (score null) is skipped and leaves the aggregate', async () => {
    const repo = (
      await audit({ targets: [fx.build(bare)], now, ruleSet: [fixed('unsure', 'speed', 'high', null), fixed('ok', 'speed', 'low', 6)] })
    ).repos[0]!;
    expect(repo.rules[0]).toMatchObject({ status: 'skip', reason: 'nothing to judge' });
    expect(repo.score).toBe(60);
  });

  it('severity warn turns a failing rule into a warning; weight 0 keeps it out of the score', async () => {
    const dir = fx.build({
      commits: [
        {
          date: '2026-06-01T00:00:00Z',
          files: { 'blueprint.yml': 'rules:\n  low:\n    severity: warn\n    weight: 0\n  high:\n    options: { bonus: 1 }\n' },
        },
      ],
    });
    const repo = (await audit({ targets: [dir], now, ruleSet: [fixed('low', 'speed', 'low', 0), fixed('high', 'speed', 'high', 5)] }))
      .repos[0]!;
    expect(repo.rules[0]).toMatchObject({ status: 'warn', weight: 0 });
    expect(repo.rules[1]).toMatchObject({ status: 'fail', score: 6, metrics: { bonus: 1 } });
    expect(repo.score).toBe(60);
  });

  it('--rule runs only the named rules', async () => {
    const repo = (await audit({ targets: [fx.build(wellRun)], now, rules: ['iac'] })).repos[0]!;
    expect(repo.rules.map((r) => r.id)).toEqual(['iac']);
  });

  it('the built-in rules share the same shape', () => {
    for (const rule of RULES) {
      expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.meta.description).toMatch(/\.$/);
      expect(rule.meta.remediation.length).toBeGreaterThan(40);
      expect(() => rule.meta.options.parse({})).not.toThrow();
      // What `blueprint plan` writes: the standard with the default options, and three first steps.
      expect(rule.meta.standard!(rule.meta.options.parse({}))).toMatch(/^[A-Z].*\.$/);
      expect(rule.meta.firstSteps).toHaveLength(3);
      const readme = readFileSync(join(import.meta.dirname, '../../rules', rule.meta.id, 'README.md'), 'utf8');
      for (const section of ['## Why it matters', '## How it is checked', '## Options', '## How to fix'])
        expect(readme, `${rule.meta.id}: ${section}`).toContain(section);
      for (const option of Object.keys((rule.meta.options as unknown as z.ZodObject).shape))
        expect(readme, `${rule.meta.id} documents ${option}`).toContain(`\`${option}\``);
    }
  });

  it('the same repository and --now give the same report', async () => {
    const dir = fx.build(wellRun);
    const a = await audit({ targets: [dir], now });
    const b = await audit({ targets: [dir], now });
    expect(a).toEqual(b);
  });
});
