// GitHub's account types in the bus factor: authors whose commit e-mail GitHub links to a `Bot`
// account are bots, to an `Organization` account not people; other types leave it to the patterns.
// In memory, with the forge data given (the loopback server's path: test/remote/github-accounts.test.ts).
import { describe, expect, it } from 'vitest';
import type { FixtureCommit, Person } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import type { ForgeData } from '../../src/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

const PEOPLE: Record<string, Person> = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
  quinn: { name: 'Quinn Harper', email: 'Quinn@Example.com' },
  platform: { name: 'Acme Platform', email: 'platform@example.com' },
  quinnAtHome: { name: 'Quinn Harper', email: 'qh@home.example' },
  mona: { name: 'Mona Imported', email: 'mona@old-host.example' },
  jenkins: { name: 'jenkins', email: 'jenkins@ci.example' },
  dependabot: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
};

const FORGE: ForgeData = {
  owner: 'acme',
  name: 'shop',
  defaultBranch: 'main',
  archived: false,
  protection: null,
  mergedPullRequests: [],
  openPullRequests: [],
  collaborators: null,
  teams: {},
  releases: [],
  deployments: [],
  issues: [],
};

const many = (prefix: string, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}.ts`, `export const v${i} = ${i};\n`]));
const commit = (author: string, date: string, files: Record<string, string>): FixtureCommit => ({
  author,
  date: `${date}T10:00:00Z`,
  files,
});

const HISTORY: FixtureCommit[] = [
  commit('ada', '2026-09-01', many('src/a', 4)),
  commit('grace', '2026-09-02', many('src/g', 3)),
  commit('quinn', '2026-09-03', many('lib/q', 6)),
  commit('platform', '2026-09-04', many('ops/p', 5)),
  commit('mona', '2026-09-05', many('old/m', 2)),
];

type Account = NonNullable<ForgeData['commitAuthors']>[number];
const BOT: Account = { email: 'quinn@example.com', login: 'quinn-keeper', type: 'Bot' };
const ORG: Account = { email: 'platform@example.com', login: 'acme-platform', type: 'Organization' };

async function busFactor(forge: ForgeData | null, options: { commits?: FixtureCommit[]; config?: string } = {}) {
  const config = options.config
    ? [commit('ada', '2026-08-01', { 'blueprint.yml': `rules:\n  bus-factor:\n    options: ${options.config}\n` })]
    : [];
  const run = await runRule(
    findRule('bus-factor')!,
    { authors: PEOPLE, commits: [...config, ...(options.commits ?? HISTORY)], ...(forge ? { forge } : {}) },
    { now },
  );
  return run.metrics as {
    truckFactorDevelopers: Array<{ name: string }>;
    matrix: Array<{ system: string; primary: string | null }>;
    botAccounts: string[];
    nonPersonAccounts: string[];
    nonPeople: Array<{ name: string; reason: string; login: string | null; type: string | null }>;
    forgeLinkedEmails: number | null;
  };
}
const tf = (m: Awaited<ReturnType<typeof busFactor>>) => m.truckFactorDevelopers.map((d) => d.name);
const primary = (m: Awaited<ReturnType<typeof busFactor>>, system: string) => m.matrix.find((r) => r.system === system)?.primary;

describe("bus-factor: GitHub's account types", () => {
  it('leaves out a Bot and an Organization account by e-mail, ignoring case; without forge data they count', async () => {
    const typed = await busFactor({ ...FORGE, commitAuthors: [ORG, BOT] });
    expect(tf(typed)).toEqual(['Ada Lovelace']);
    expect(primary(typed, 'lib')).toBeNull();
    expect(primary(typed, 'ops')).toBeNull();
    expect(typed.nonPeople.map((p) => [p.name, p.reason, p.type])).toEqual([
      ['Acme Platform', 'github-account-type', 'Organization'],
      ['Quinn Harper', 'github-account-type', 'Bot'],
    ]);
    expect(typed.forgeLinkedEmails).toBe(2);

    const plain = await busFactor(null);
    expect(tf(plain)).toEqual(['Quinn Harper', 'Acme Platform']);
    expect(primary(plain, 'lib')).toBe('Quinn Harper');
    expect(plain.nonPeople).toEqual([]);
    expect(plain.forgeLinkedEmails).toBeNull();
    // Forge data from elsewhere, without commit authors: nothing is known of account types.
    expect((await busFactor(FORGE)).forgeLinkedEmails).toBeNull();
  });

  it('User, Mannequin (a person of an imported repository) and unknown types are judged by the patterns alone', async () => {
    const m = await busFactor({
      ...FORGE,
      commitAuthors: [
        { email: 'ada@example.com', login: 'ada', type: 'User' },
        { email: 'mona@old-host.example', login: 'mona-imported', type: 'Mannequin' },
        { email: 'platform@example.com', login: 'acme-platform', type: 'Enterprise' },
      ],
    });
    expect(tf(m)).toEqual(['Quinn Harper', 'Acme Platform']);
    expect(m.nonPeople).toEqual([]);
    expect(m.forgeLinkedEmails).toBe(3);
  });

  it('matches the e-mail as committed when .mailmap rewrites it, and marks the whole merged developer', async () => {
    const commits = [
      commit('ada', '2026-08-02', { '.mailmap': 'Quinn Harper <quinn.harper@example.com> <quinn@example.com>\n' }),
      ...HISTORY,
      // The same name from another address: one developer with the bot's identity.
      commit('quinnAtHome', '2026-09-06', { 'lib/q0.ts': 'export const v0 = 100;\n' }),
    ];
    const m = await busFactor({ ...FORGE, commitAuthors: [BOT] }, { commits });
    expect(m.botAccounts).toEqual(['Quinn Harper']);
    expect(tf(m)).not.toContain('Quinn Harper');
  });

  it('with excludeBots false a Bot account is counted as bots are; an Organization account is still no person', async () => {
    const m = await busFactor({ ...FORGE, commitAuthors: [BOT, ORG] }, { config: '{ excludeBots: false }' });
    // Quinn's 6 files are a person's again; Acme Platform's 5 have no one to lose: 9 of 20 are left once Quinn goes.
    expect(tf(m)).toEqual(['Quinn Harper']);
    expect(primary(m, 'lib')).toBe('Quinn Harper');
    expect(m.botAccounts).toEqual(['Quinn Harper']);
    expect(m.nonPeople).toEqual([{ name: 'Acme Platform', reason: 'github-account-type', login: 'acme-platform', type: 'Organization' }]);
  });

  it('names the pattern that left an account out when GitHub did not type it', async () => {
    const m = await busFactor(
      { ...FORGE, commitAuthors: [BOT] },
      {
        commits: [
          ...HISTORY,
          commit('jenkins', '2026-09-07', { 'ci/x.ts': 'export const x = 1;\n' }),
          commit('dependabot', '2026-09-08', { 'ci/y.ts': 'export const y = 1;\n' }),
        ],
      },
    );
    expect(m.nonPeople.map((p) => [p.name, p.reason])).toEqual([
      ['Quinn Harper', 'github-account-type'],
      ['dependabot[bot]', 'bot-pattern'],
      ['jenkins', 'non-person-pattern'],
    ]);
  });
});
