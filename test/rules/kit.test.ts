import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  absentOutcome,
  audit,
  defineRule,
  findingsFrom,
  forgeData,
  freshness,
  freshnessPoints,
  indexOf,
  isMerge,
  parents,
  plural,
  pointsScore,
  reachable,
  renderMessage,
  weightedScore,
  type CommitGraph,
  z,
} from '../../src/index.ts';
import { fixtures } from '../helpers.ts';

const RULES_DIR = join(import.meta.dirname, '..', '..', 'rules');

/** Every module a rule file imports: `import … from '…'`, `export … from '…'` and `import('…')`. */
function importsOf(text: string): string[] {
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

describe('rule imports', () => {
  const files = readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(RULES_DIR, d.name))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${d.name}/${f}`),
    );

  it('finds the rule files', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    expect(importsOf("import { a } from '../../src/rule-kit/index.ts';\nexport { b } from './c.ts';")).toEqual([
      '../../src/rule-kit/index.ts',
      './c.ts',
    ]);
  });

  it.each(files)('%s imports only the rule kit, src/types.ts and files of its own folder', (file) => {
    const allowed = (spec: string) =>
      spec === '../../src/rule-kit/index.ts' || spec === '../../src/types.ts' || /^\.\/[\w.-]+\.ts$/.test(spec);
    const text = readFileSync(join(RULES_DIR, file), 'utf8');
    expect(importsOf(text).filter((spec) => !allowed(spec))).toEqual([]);
  });
});

describe('finding builders', () => {
  const say = findingsFrom({
    'stale-branch': '{branch} is {days} days old.',
    'no-owner': 'No owner.',
  });

  it('fill the message from the data and keep code and data', () => {
    expect(say.warning('stale-branch', { branch: 'feature/x', days: 3 }, 'a.txt')).toEqual({
      severity: 'warning',
      message: 'feature/x is 3 days old.',
      path: 'a.txt',
      line: null,
      code: 'stale-branch',
      data: { branch: 'feature/x', days: 3 },
    });
    expect(say.of('error', 'no-owner', {}, { path: 'b', line: 4 })).toEqual({
      severity: 'error',
      message: 'No owner.',
      path: 'b',
      line: 4,
      code: 'no-owner',
    });
    expect(say.info('no-owner')).toMatchObject({ path: null, line: null });
  });

  it('refuse an unknown code or a placeholder without a value', () => {
    expect(() => (say.info as (code: string) => unknown)('nope')).toThrow(/no message for finding code 'nope'/);
    expect(() => renderMessage('{a} and {b}', { a: 1 })).toThrow(/\{b\} has no value/);
    expect(plural(1, 'branch', 'branches')).toBe('1 branch');
    expect(plural(2, 'commit')).toBe('2 commits');
  });

  it('absentOutcome codes its failure no-records', () => {
    const outcome = absentOutcome('fail', { what: 'DR test records', where: 'docs/dr/YYYY-MM-DD.md', scaffold: 'dr-test' }, {});
    const [finding] = outcome.findings;
    expect(finding).toMatchObject({ code: 'no-records', data: { what: 'DR test records' } });
    expect(renderMessage('No {what}: add {add}.', finding!.data)).toBe(finding!.message);
    expect(absentOutcome('skip', { what: 'x', where: 'y' }, {}).findings).toEqual([]);
  });
});

describe('scoring helpers', () => {
  it('freshness: full within the maximum age, half within twice it, else the floor', () => {
    expect([10, 20, 21, null].map((d) => freshness(d, 10))).toEqual(['fresh', 'due', 'stale', 'stale']);
    expect([10, 20, 21, null].map((d) => freshnessPoints(d, 10, 5, 1))).toEqual([5, 2.5, 1, 1]);
  });

  it('weighted scores', () => {
    expect(
      weightedScore([
        { score: 10, weight: 6 },
        { score: 5, weight: 4 },
      ]),
    ).toBe(8);
    expect(
      pointsScore([
        { points: 5, outOf: 5 },
        { points: 0, outOf: 5 },
      ]),
    ).toBe(5);
  });
});

describe('graph walks', () => {
  // c (merge of b and a') <- b <- a; a' <- a; shas sorted differently from log order.
  const graph: CommitGraph = {
    shas: ['cc', 'bb', 'dd', 'aa'],
    authorTime: new Float64Array([4, 3, 2, 1]),
    commitTime: new Float64Array([4, 3, 2, 1]),
    identity: new Int32Array([0, 0, 0, 0]),
    parentStart: new Int32Array([0, 2, 3, 4, 5]),
    parentIndex: new Int32Array([1, 2, 3, 3, -1]),
    byHash: new Int32Array([3, 1, 0, 2]),
  };

  it('parents, isMerge, indexOf, reachable', () => {
    expect(indexOf(graph, 'dd')).toBe(2);
    expect(indexOf(graph, 'ee')).toBe(-1);
    expect(parents(graph, 0)).toEqual([1, 2]);
    expect(parents(graph, 3)).toEqual([-1]);
    expect([0, 1, 2, 3].map((i) => isMerge(graph, i))).toEqual([true, false, false, false]);
    expect([...reachable(graph, [2])]).toEqual([0, 0, 1, 1]);
  });
});

describe('a third-party rule on the library API', () => {
  const fx = fixtures();

  it('is written with the kit and reports its findings with codes', async () => {
    const messages = { 'no-forge': 'No forge data for {commit}; audit github:<owner>/<name>.' } as const;
    const say = findingsFrom(messages);
    const rule = defineRule({
      meta: {
        id: 'forge-known',
        pillar: 'shield',
        description: 'The forge is known.',
        risk: 'low',
        needs: ['files'],
        options: z.strictObject({}),
        remediation: 'Audit it on its forge.',
        messages,
      },
      async evaluate({ repo }) {
        const forge = await forgeData(repo);
        return {
          score: forge ? 10 : 0,
          metrics: {},
          findings: forge ? [] : [say.warning('no-forge', { commit: repo.commit.slice(0, 7) })],
        };
      },
    });
    const dir = fx.build({ commits: [{ date: '2026-06-01T10:00:00Z', files: { 'README.md': '# x\n' } }] });
    const report = await audit({ targets: [dir], now: new Date('2026-11-24T12:00:00Z'), ruleSet: [rule] });
    const [finding] = report.repos[0]!.rules[0]!.findings;
    expect(finding).toMatchObject({ code: 'no-forge', severity: 'warning', path: null, line: null });
    expect(finding!.message).toBe(`No forge data for ${finding!.data!.commit}; audit github:<owner>/<name>.`);
  });
});
