// Who counts as a key person: bots recognised literally (not as glob character classes), people
// who have left, and accounts that are not people. Audits of built repositories with fixed dates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FixtureCommit, Person } from '../../fixtures/builder.ts';
import { options as busFactorOptions } from '../../rules/bus-factor/index.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

const PEOPLE: Record<string, Person> = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
  jane: { name: 'Jane Doe', email: 'jane@example.com' },
  john: { name: 'John Roe', email: 'john@example.com' },
  // Names and e-mails ending in b, o or t: the old `*[bot]` glob took them all for bots.
  junio: { name: 'Junio C Hamano', email: 'gitster@pobox.com' },
  robert: { name: 'Robert Abbot', email: 'robert@abbot.net' },
  jakob: { name: 'Jakob Webb', email: 'jakob@example.io' },
  bob: { name: 'Bob', email: 'bob@example.pub' },
  rudi: { name: 'Rudi', email: 'rudi@example.org' },
  anna: { name: 'Anna Jenkins', email: 'anna.jenkins@corp.example' },
  teamSite: { name: 'Tim Site', email: 'tim@my-team-site.com' },
  // Bots.
  dependabot: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
  actions: { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' },
  renovate: { name: 'Renovate Bot', email: 'bot@renovateapp.com' },
  precommit: { name: 'pre-commit-ci[bot]', email: '66853113+pre-commit-ci[bot]@users.noreply.github.com' },
  imgbot: { name: 'ImgBotApp', email: 'ImgBotHelp@gmail.com' },
  allcontributors: { name: 'allcontributors[bot]', email: '46447321+allcontributors[bot]@users.noreply.github.com' },
  webflow: { name: 'GitHub', email: 'noreply@github.com' },
  nightly: { name: 'nightly[ci]', email: 'nightly@example.org' },
  // Accounts that are not people.
  terraform: { name: 'terraform-team-prod', email: 'terraform-team-prod@corp.example' },
  ciUser: { name: 'ci-user', email: 'ci-user@corp.example' },
  build: { name: 'Build Server', email: 'build@corp.example' },
  jenkins: { name: 'jenkins', email: 'jenkins@ci.corp.example' },
  svc: { name: 'svc-deploy', email: 'svc-deploy@corp.example' },
  tool: { name: 'Release Tool', email: 'noreply@tool.example' },
  robo: { name: 'robo-ops', email: 'ops@corp.example' },
};

const commit = (author: string, date: string, files: Record<string, string | null>): FixtureCommit => ({
  author,
  date: `${date}T10:00:00Z`,
  files,
});
const many = (prefix: string, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}.ts`, `export const v${i} = ${i};\n`]));

async function busFactor(commits: FixtureCommit[], options: string | null = null) {
  const config =
    options === null ? [] : [commit('ada', '2026-01-01', { 'blueprint.yml': `rules:\n  bus-factor:\n    options: ${options}\n` })];
  return runRule(findRule('bus-factor')!, { authors: PEOPLE, commits: [...config, ...commits] }, { now });
}

type Row = {
  system: string;
  primary: string | null;
  secondary: string | null;
  experts: number;
  departed: Array<{ name: string; lastCommit: string }>;
};
const row = (rule: { metrics: Record<string, unknown> }, system: string) =>
  (rule.metrics.matrix as Row[]).find((r) => r.system === system)!;
const names = (list: unknown) => (list as Array<{ name: string }>).map((d) => d.name);
const messages = (rule: { findings: Array<{ message: string }> }) => rule.findings.map((f) => f.message);

describe('bus-factor: bots', () => {
  const people = ['junio', 'robert', 'jakob', 'bob'];
  const bots = ['dependabot', 'actions', 'renovate', 'precommit', 'imgbot', 'allcontributors', 'webflow'];
  const history = [
    ...people.map((p, i) => commit(p, `2026-02-0${i + 1}`, { [`src/${p}.c`]: `int ${p};\n` })),
    ...bots.map((b, i) => commit(b, `2026-03-${String(i + 10)}`, { [`bots/${b}.c`]: `int ${b};\n` })),
  ];

  it('counts people whose names and e-mails end in b, o or t, and leaves the usual bot accounts out', async () => {
    const rule = await busFactor(history);
    // Four people with one file each: the walk stops once three are gone (1 of 4 files left).
    expect(rule.metrics).toMatchObject({ truckFactor: 3, authorshipFiles: 4 });
    expect(names(rule.metrics.truckFactorDevelopers)).toEqual(['Bob', 'Jakob Webb', 'Junio C Hamano']);
    expect(rule.metrics.botAccounts).toEqual([
      'GitHub',
      'ImgBotApp',
      'Renovate Bot',
      'allcontributors[bot]',
      'dependabot[bot]',
      'github-actions[bot]',
      'pre-commit-ci[bot]',
    ]);
    expect(row(rule, 'src')).toMatchObject({ experts: 4 });
  });

  it('takes brackets in configured patterns literally; a configured list replaces the default one', async () => {
    const rule = await busFactor(
      [
        commit('rudi', '2026-02-01', { 'src/a.c': 'a' }),
        commit('nightly', '2026-02-02', { 'src/b.c': 'b' }),
        commit('dependabot', '2026-02-03', { 'src/c.c': 'c' }),
      ],
      '{ bots: ["*[ci]"] }',
    );
    // As a glob character class, *[ci] would also take "Rudi" (ending in i) for a bot.
    expect(rule.metrics.botAccounts).toEqual(['nightly[ci]']);
    expect(names(rule.metrics.truckFactorDevelopers)).toEqual(['Rudi', 'dependabot[bot]']);
  });
});

describe('bus-factor: people who have left', () => {
  it("dates each expert's last change to the system; one with no commit within activeDays has left and does not count", async () => {
    const rule = await busFactor([
      commit('jane', '2014-03-02', many('lib/l', 6)),
      commit('jane', '2015-06-01', { 'tools/t.ts': 'export const t = 1;\n' }),
      commit('ada', '2026-05-01', many('src/a', 2)),
      commit('grace', '2026-06-01', many('src/g', 2)),
      commit('grace', '2026-06-02', { 'tools/t.ts': 'export const t = 2;\n' }),
    ]);
    expect(rule.metrics.matrix).toEqual([
      {
        system: 'lib',
        primary: null,
        secondary: null,
        primaryLastCommit: null,
        secondaryLastCommit: null,
        documented: false,
        files: 6,
        experts: 0,
        departed: [{ name: 'Jane Doe', lastCommit: '2014-03-02T10:00:00.000Z' }],
      },
      {
        system: 'src',
        primary: 'Grace Hopper',
        secondary: 'Ada Lovelace',
        primaryLastCommit: '2026-06-01T10:00:00.000Z',
        secondaryLastCommit: '2026-05-01T10:00:00.000Z',
        documented: false,
        files: 4,
        experts: 2,
        departed: [],
      },
      {
        system: 'tools',
        primary: 'Grace Hopper',
        secondary: null,
        primaryLastCommit: '2026-06-02T10:00:00.000Z',
        secondaryLastCommit: null,
        documented: false,
        files: 1,
        experts: 1,
        departed: [{ name: 'Jane Doe', lastCommit: '2015-06-01T10:00:00.000Z' }],
      },
    ]);
    expect(messages(rule)).toContain('lib: its only expert, Jane Doe, last committed here on 2014-03-02.');
    expect(messages(rule)).toContain('tools: Grace Hopper is its only active expert; Jane Doe last committed here on 2015-06-01.');
    expect(messages(rule)).toContain('2 of 3 systems have fewer than two experts: lib (nobody active), tools (Grace Hopper).');
    // Jane authors 7 of the 11 files: losing her orphans most of the code, and she is gone already.
    expect(rule.metrics).toMatchObject({
      truckFactor: 1,
      activeTruckFactor: 0,
      departedAuthors: 1,
      truckFactorDevelopers: [{ name: 'Jane Doe', files: 7 }],
      activeTruckFactorDevelopers: [],
    });
    expect(rule.findings[0]).toMatchObject({
      severity: 'error',
      message:
        'Truck factor 0 counting only people active in the last 365 days (1 with those who have left; target 2): the authors of more than half of the code have left.',
    });
    expect(rule.score).toBe(0); // no CODEOWNERS, active truck factor 0
  });

  it('dates an active expert by their last change to the system, not to the repository', async () => {
    const rule = await busFactor([
      commit('grace', '2014-03-02', many('lib/l', 2)),
      commit('ada', '2014-03-03', { 'lib/l0.ts': 'export const v0 = 1;\n', 'lib/l1.ts': 'x\n' }),
      commit('grace', '2026-06-01', many('src/g', 2)),
      commit('ada', '2026-06-02', many('src/a', 1)),
    ]);
    expect(row(rule, 'lib')).toMatchObject({
      primary: 'Grace Hopper',
      secondary: 'Ada Lovelace',
      primaryLastCommit: '2014-03-02T10:00:00.000Z',
      secondaryLastCommit: '2014-03-03T10:00:00.000Z',
      experts: 2,
      departed: [],
    });
  });

  it('the active truck factor starts from the files of those who left as orphaned, and is the one scored', async () => {
    const commits = [
      commit('jane', '2014-03-02', many('core/j', 4)),
      commit('ada', '2026-05-01', many('core/a', 3)),
      commit('grace', '2026-06-01', many('core/g', 3)),
      commit('ada', '2026-06-02', { CODEOWNERS: '* @ada @grace\n' }),
    ];
    const rule = await busFactor(commits);
    // Whole history: Jane (4), then Ada (3) leave 3 of 10 files covered. Active only: Jane's four
    // are orphaned from the start, so losing Ada alone does it.
    expect(rule.metrics).toMatchObject({
      truckFactor: 2,
      activeTruckFactor: 1,
      activeTruckFactorDevelopers: [{ name: 'Ada Lovelace', files: 3 }],
    });
    expect(names(rule.metrics.truckFactorDevelopers)).toEqual(['Jane Doe', 'Ada Lovelace']);
    expect(rule.findings[0]!.message).toBe(
      'Truck factor 1 counting only people active in the last 365 days (2 with those who have left; target 2): losing Ada Lovelace would orphan more than half of the code.',
    );
    expect(rule.score).toBe(7.5); // coverage 4 of 4, active truck factor 1 of 2 (2 of 4)
    expect(row(rule, 'core')).toMatchObject({
      primary: 'Ada Lovelace',
      secondary: 'Grace Hopper',
      experts: 2,
      departed: [{ name: 'Jane Doe', lastCommit: '2014-03-02T10:00:00.000Z' }],
    });

    // With a longer memory, Jane is still around: both truck factors agree.
    const patient = await busFactor(commits, '{ activeDays: 5000 }');
    expect(patient.metrics).toMatchObject({ truckFactor: 2, activeTruckFactor: 2, departedAuthors: 0 });
    expect(row(patient, 'core')).toMatchObject({ primary: 'Jane Doe', secondary: 'Ada Lovelace', experts: 3, departed: [] });
    expect(patient.score).toBe(10);
  });

  it('names every expert of a system when all have left', async () => {
    const rule = await busFactor([
      commit('jane', '2014-03-02', many('lib/j', 3)),
      commit('john', '2015-01-10', many('lib/r', 2)),
      commit('ada', '2026-06-01', many('src/a', 1)),
    ]);
    expect(messages(rule)).toContain('lib: its experts have all left: Jane Doe last committed here on 2014-03-02, John Roe on 2015-01-10.');
  });
});

describe('bus-factor: accounts that are not people', () => {
  const history = [
    commit('terraform', '2026-02-01', many('infra/t', 3)),
    commit('ciUser', '2026-02-02', many('ci/c', 1)),
    commit('build', '2026-02-03', many('ci/b', 1)),
    commit('jenkins', '2026-02-04', many('ci/j', 1)),
    commit('svc', '2026-02-05', many('ci/s', 1)),
    commit('tool', '2026-02-06', many('ci/t', 1)),
    commit('anna', '2026-03-01', many('src/a', 2)),
    commit('teamSite', '2026-03-02', many('src/t', 2)),
  ];

  it('are never experts, and their files have no one to lose', async () => {
    const rule = await busFactor(history);
    expect(rule.metrics.nonPersonAccounts).toEqual([
      'Build Server',
      'Release Tool',
      'ci-user',
      'jenkins',
      'svc-deploy',
      'terraform-team-prod',
    ]);
    expect(row(rule, 'infra')).toMatchObject({ primary: null, secondary: null, experts: 0, files: 3, departed: [] });
    expect(row(rule, 'ci')).toMatchObject({ primary: null, experts: 0, files: 5 });
    expect(row(rule, 'src')).toMatchObject({ primary: 'Anna Jenkins', secondary: 'Tim Site', experts: 2 });
    // 8 of 12 files are authored by accounts alone: orphaned from the start.
    expect(rule.metrics).toMatchObject({ truckFactor: 0, activeTruckFactor: 0, authorshipFiles: 12, truckFactorDevelopers: [] });
    expect(messages(rule)).toContain('2 of 3 systems have fewer than two experts: ci (nobody), infra (nobody).');
  });

  it('are recognised by a configurable list, which replaces the well-known patterns', async () => {
    const rule = await busFactor([...history, commit('robo', '2026-04-01', many('src/r', 1))], '{ nonPeople: ["robo-*", "*-team-*"] }');
    expect(rule.metrics.nonPersonAccounts).toEqual(['robo-ops', 'terraform-team-prod']);
    expect(row(rule, 'ci')).toMatchObject({ experts: 5 });
  });
});

describe('bus-factor: documented defaults', () => {
  it('blueprint.example.yml lists the default bots and non-people, so that copying it keeps them', () => {
    const example = parse(readFileSync(join(import.meta.dirname, '../../blueprint.example.yml'), 'utf8'));
    const defaults = busFactorOptions.parse({});
    expect(example.rules['bus-factor'].options).toMatchObject({
      bots: defaults.bots,
      nonPeople: defaults.nonPeople,
      activeDays: defaults.activeDays,
    });
  });
});

describe('accounts on real repositories (field corpus)', () => {
  it('one-word bot names, "X Bot" and the Copilot agent are bots; people at ci@, +git-noreply and a bot vendor\'s domain are people', async () => {
    const { accountMatcher, DEFAULT_BOTS, DEFAULT_NON_PEOPLE } = await import('../../src/util/accounts.ts');
    const bot = accountMatcher(DEFAULT_BOTS);
    const nonPerson = accountMatcher(DEFAULT_NON_PEOPLE, { personNamesWin: true });
    expect(bot('jekyllbot', 'jekyllbot@jekyllrb.com')).toBe(true);
    expect(bot('Excalidraw Bot', 'bot@excalidraw.com')).toBe(true);
    expect(bot('Copilot', '198982749+Copilot@users.noreply.github.com')).toBe(true);
    expect(bot('Robert Abbot', 'abbot@example.org')).toBe(false);
    expect(bot('Drew Marshall', 'drewm@snyk.io')).toBe(false);
    expect(nonPerson('Christian Iversen', 'ci@iversenit.dk')).toBe(false);
    expect(nonPerson('David Stosik', 'david.stosik+git-noreply@gmail.com')).toBe(false);
    expect(nonPerson('Ludwig Weinzierl', 'noreply@weinzierlweb.com')).toBe(false);
    expect(nonPerson('jenkins', 'jenkins@ci.example.com')).toBe(true);
    expect(nonPerson('Platform Team', 'platform@example.com')).toBe(true);
    expect(nonPerson('', 'ci@example.com')).toBe(true);
  });
});
