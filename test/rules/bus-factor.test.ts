import { describe, expect, it } from 'vitest';
import type { FixtureCommit, FixtureSpec, Person } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import { audit } from '../../src/index.ts';
import { runRule } from '../../src/testing/index.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();

const now = new Date('2026-11-24T12:00:00Z');

const PEOPLE: Record<string, Person> = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
  linus: { name: 'Linus Torvalds', email: 'linus@example.com' },
  adaAlias: { name: 'A. Lovelace', email: 'ada@example.com' }, // same e-mail, other name
  adaHome: { name: 'ada lovelace', email: 'ada@home.org' }, // same name (case aside), other e-mail
  gracie: { name: 'Gracie H', email: 'gh@old.example' }, // only .mailmap says this is Grace
  bot: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`dev${i}`, { name: `Dev ${i}`, email: `dev${i}@example.com` }])),
};

let day = 0;
const at = () => new Date(Date.UTC(2026, 0, 1) + day++ * 86_400_000).toISOString();
const commit = (author: string, files: Record<string, string | null>, extra: Partial<FixtureCommit> = {}): FixtureCommit => ({
  author,
  date: at(),
  files,
  ...extra,
});

/**
 * The rule's result on the spec, in memory; with `git`, on a real repository built from it (for
 * what is about git itself: its .mailmap, its rename detection, revisions, bare repositories).
 */
async function busFactor(commits: FixtureCommit[], options: { config?: string; ref?: string; bare?: boolean; git?: boolean } = {}) {
  const spec: FixtureSpec = {
    authors: PEOPLE,
    bare: options.bare,
    commits: options.config ? [commit('ada', { 'blueprint.yml': options.config }), ...commits] : commits,
  };
  if (!options.git) return runRule(findRule('bus-factor')!, spec, { now, ref: options.ref });
  const report = await audit({ targets: [fx.build(spec)], now, rules: ['bus-factor'], ref: options.ref });
  return report.repos[0]!.rules[0]!;
}

const names = (rule: { metrics: Record<string, unknown> }) =>
  (rule.metrics.truckFactorDevelopers as Array<{ name: string }>).map((d) => d.name);

describe('bus-factor: truck factor', () => {
  it('is 1 when one person wrote all the code (documentation does not count)', async () => {
    const rule = await busFactor([
      commit('ada', { 'src/a.js': 'a', 'src/b.js': 'b', 'src/c.js': 'c' }),
      commit('grace', { 'README.md': '# r', 'docs/guide.md': 'g', 'package.json': '{}' }),
    ]);
    expect(rule.metrics).toMatchObject({ truckFactor: 1, authorshipFiles: 3, truckFactorDevelopers: [{ name: 'Ada Lovelace', files: 3 }] });
    expect(rule.findings[0]).toMatchObject({
      severity: 'error',
      message: 'Truck factor 1 (target 2): losing Ada Lovelace would orphan more than half of the code.',
    });
  });

  it('is 2 for two people with half the code each, ties broken by name', async () => {
    const rule = await busFactor([commit('grace', { 'c.js': 'c', 'd.js': 'd' }), commit('ada', { 'a.js': 'a', 'b.js': 'b' })]);
    expect(rule.metrics.truckFactor).toBe(2);
    expect(names(rule)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(rule.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('is 0 when no one is an author of most files (a bot added them, many people touched them once)', async () => {
    const touches = Array.from({ length: 12 }, (_, i) => commit(`dev${i}`, { 'x.js': `v${i}` }));
    const history = [commit('bot', { 'x.js': 'v' }), ...touches];
    expect((await busFactor(history)).metrics).toMatchObject({ truckFactor: 0, authorshipFiles: 1 });
    // Counting bots, the bot that added the file is its only author.
    const withBots = await busFactor(history, { config: 'rules:\n  bus-factor:\n    options: { excludeBots: false }\n' });
    expect(withBots.metrics.truckFactor).toBe(1);
    expect(names(withBots)).toEqual(['dependabot[bot]']);
  });

  it('finds the top developer whose leaving orphans most files, and fills the key-person matrix', async () => {
    const rule = await busFactor([
      commit('ada', Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`src/f${i}.ts`, `${i}`]))),
      commit('grace', { 'lib/g1.ts': '1', 'lib/g2.ts': '2', 'lib/README.md': '# lib' }),
      commit('linus', { 'lib/g1.ts': '1\n2', 'src/f0.ts': '0\n1' }),
    ]);
    expect(rule.metrics).toMatchObject({ truckFactor: 1, truckFactorDevelopers: [{ name: 'Ada Lovelace', files: 8 }] });
    expect(rule.metrics.matrix).toEqual([
      {
        system: 'lib',
        primary: 'Grace Hopper',
        secondary: 'Linus Torvalds',
        primaryLastCommit: expect.any(String),
        secondaryLastCommit: expect.any(String),
        documented: true,
        files: 2,
        experts: 2,
        departed: [],
      },
      {
        system: 'src',
        primary: 'Ada Lovelace',
        secondary: 'Linus Torvalds',
        primaryLastCommit: expect.any(String),
        secondaryLastCommit: expect.any(String),
        documented: false,
        files: 8,
        experts: 2,
        departed: [],
      },
    ]);
    // Linus's one commit touched both systems; dates themselves are checked in bus-factor-people.
    const [lib, src] = rule.metrics.matrix as Array<{ secondaryLastCommit: string }>;
    expect(lib!.secondaryLastCommit).toBe(src!.secondaryLastCommit);
  });

  it('merges identities that share an e-mail or a name, transitively', async () => {
    const rule = await busFactor([
      commit('ada', { 'a.js': 'a' }),
      commit('adaAlias', { 'b.js': 'b' }),
      commit('adaHome', { 'c.js': 'c' }),
      commit('grace', { 'd.js': 'd' }),
    ]);
    expect(rule.metrics.truckFactor).toBe(1);
    expect(rule.metrics.truckFactorDevelopers).toEqual([{ name: 'A. Lovelace', files: 3 }]);
  });

  it('applies .mailmap from the audited revision in avl mode, raw identities in avl-2016', async () => {
    const commits = [
      commit('ada', { '.mailmap': 'Grace Hopper <grace@example.com> Gracie H <gh@old.example>\n', 'core/a.js': 'a' }),
      commit('grace', { 'core/c.js': 'c' }),
      commit('gracie', { 'core/d.js': 'd', 'core/e.js': 'e' }),
    ];
    const avl = await busFactor(commits, { git: true });
    expect(avl.metrics.matrix).toMatchObject([
      { system: 'core', primary: 'Grace Hopper', secondary: 'Ada Lovelace', documented: false, files: 4, experts: 2 },
    ]);
    const paper = await busFactor(commits, { config: 'rules:\n  bus-factor:\n    options: { mode: avl-2016 }\n', git: true });
    expect(paper.metrics.matrix).toMatchObject([
      { system: 'core', primary: 'Gracie H', secondary: 'Ada Lovelace', documented: false, files: 4, experts: 3 },
    ]);
    expect(paper.metrics.truckFactorMode).toBe('avl-2016');
  });

  it('follows renames: who added a file stays its author after someone renames it', async () => {
    const content = 'export function util() {\n  return 42;\n}\n'.repeat(5);
    const rule = await busFactor(
      [
        commit('grace', { 'old/util.js': content }),
        commit('ada', { 'old/util.js': null, 'new/util.js': content }),
        commit('ada', { 'new/util.js': `${content}// more\n` }),
      ],
      { git: true },
    );
    expect(rule.metrics.truckFactor).toBe(2);
    expect(names(rule).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('leaves configured globs out of authorship', async () => {
    const rule = await busFactor([commit('ada', { 'a.js': 'a', 'gen/b.js': 'b', 'gen/c.js': 'c' }), commit('grace', { 'd.js': 'd' })], {
      config: 'rules:\n  bus-factor:\n    options: { exclude: ["gen/**"] }\n',
    });
    expect(rule.metrics).toMatchObject({ authorshipFiles: 2, truckFactor: 2 });
  });

  it('--ref measures an old commit', async () => {
    const commits = [commit('ada', { 'a.js': 'a' }, { tag: 'v1' }), commit('grace', { 'b.js': 'b' })];
    expect((await busFactor(commits, { git: true })).metrics.truckFactor).toBe(2);
    expect((await busFactor(commits, { ref: 'v1', git: true })).metrics.truckFactor).toBe(1);
  });

  it('works on a bare repository', async () => {
    const rule = await busFactor([commit('ada', { 'a.js': 'a' }), commit('grace', { 'b.js': 'b' })], { bare: true, git: true });
    expect(rule.metrics.truckFactor).toBe(2);
  });
});

describe('bus-factor: CODEOWNERS', () => {
  const CODEOWNERS = '* @ada @grace\n/lib/ @linus\nlib/vendor/\n*.[ch] @c\n';

  it('measures coverage, unowned and single-owner files, names the largest unowned folders, reports invalid lines', async () => {
    const rule = await busFactor([
      commit('ada', {
        '.github/CODEOWNERS': CODEOWNERS,
        CODEOWNERS: '* @nobody\n',
        'src/a.js': 'a',
        'lib/b.js': 'b',
        'lib/vendor/x.js': 'x',
        'lib/vendor/y.js': 'y',
      }),
      commit('grace', { 'src/c.js': 'c' }),
    ]);
    expect(rule.metrics).toMatchObject({
      codeowners: '.github/CODEOWNERS',
      coverage: 0.7143,
      unownedFiles: 2,
      singleOwnerFiles: 1,
      invalidCodeownersLines: 1,
    });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        path: '.github/CODEOWNERS',
        line: 4,
        message: expect.stringMatching(/^CODEOWNERS: character ranges/),
      }),
    );
    expect(rule.findings).toContainEqual(expect.objectContaining({ message: '2 files in lib/ have no code owner.', path: 'lib' }));
  });

  it('takes the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS, ignoring one of 3 MB or more', async () => {
    const docsOnly = await busFactor([commit('ada', { 'docs/CODEOWNERS': '* @docs\n', 'a.js': 'a' })]);
    expect(docsOnly.metrics).toMatchObject({ codeowners: 'docs/CODEOWNERS', coverage: 1, singleOwnerFiles: 2 });
    const huge = `* @big\n#${'x'.repeat(3 * 1024 * 1024)}\n`;
    const rule = await busFactor([commit('ada', { '.github/CODEOWNERS': huge, CODEOWNERS: '* @root @other\n', 'a.js': 'a' })]);
    expect(rule.metrics).toMatchObject({ codeowners: 'CODEOWNERS', coverage: 1, singleOwnerFiles: 0 });
  });

  it('reports critical paths with fewer than two owners as errors', async () => {
    const rule = await busFactor([
      commit('ada', {
        'blueprint.yml': 'critical-paths: ["lib/**", "src/**", "api/**"]\n',
        CODEOWNERS: CODEOWNERS,
        'src/a.js': 'a',
        'lib/b.js': 'b',
      }),
      commit('grace', { 'src/c.js': 'c' }),
    ]);
    const errors = rule.findings.filter((f) => f.severity === 'error' && f.message.startsWith('Critical')).map((f) => f.message);
    expect(errors).toEqual(['Critical path lib/**: 1 of 1 files have fewer than two code owners.']);
    expect(rule.findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: 'Critical path api/** matches no file.' }),
    );
  });

  it('scores coverage, critical paths and the truck factor', async () => {
    const full = await busFactor([commit('ada', { CODEOWNERS: '* @ada @grace\n', 'a.js': 'a' }), commit('grace', { 'b.js': 'b' })]);
    expect(full).toMatchObject({ score: 10, status: 'pass' });
    const none = await busFactor([commit('ada', { 'a.js': 'a' })]);
    expect(none.score).toBe(2.5); // no CODEOWNERS (0 of 4), truck factor 1 of 2 (2 of 4)
    expect(none.findings).toContainEqual(
      expect.objectContaining({ message: 'No CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS).' }),
    );
  });
});
