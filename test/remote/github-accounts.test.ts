/**
 * Accounts that are not people, by GitHub's word: the authors of the default branch's newest
 * commits (GET /repos/{owner}/{repo}/commits), linked by e-mail to accounts whose type is `Bot`
 * or `Organization`, are left out of the bus factor when the audit has GitHub's data, under
 * names and e-mails no pattern would catch; audited from git alone, the same repository keeps
 * them. A bad answer from that endpoint is asked again, then is a clear note on that repository.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn, type FixtureCommit, type FixtureSpec } from '../../fixtures/builder.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { FakeGitHub, type Fault, type FakeRepo } from '../servers/github.ts';

const fx = fixtures();
const TOKEN = 'ghp_ACCOUNTS0123456789abcdefghijklm';
const FOREVER = 20;
/** The first answer and three retries. */
const ATTEMPTS = 4;
/** A permanent fault costs the retries' backoff (milliseconds here); the tests run side by side on a busy machine. */
const SLOW = 180_000;

const many = (prefix: string, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}.ts`, `export const v${i} = ${i};\n`]));
const commit = (author: string, date: string, files: Record<string, string>): FixtureCommit => ({
  author,
  date: `${date}T10:00:00Z`,
  files,
});

/**
 * Quinn Harper is a GitHub App's bot and Acme Platform an organisation's account, though their
 * names and addresses read as people's; each authors more files than anyone.
 */
const people: FixtureSpec = {
  authors: {
    ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
    grace: { name: 'Grace Hopper', email: 'grace@example.com' },
    quinn: { name: 'Quinn Harper', email: 'quinn@example.com' },
    platform: { name: 'Acme Platform', email: 'Platform@example.com' },
  },
  commits: [
    commit('ada', '2026-09-01', many('src/a', 4)),
    commit('grace', '2026-09-02', many('src/g', 3)),
    commit('quinn', '2026-09-03', many('lib/q', 6)),
    commit('platform', '2026-09-04', many('ops/p', 5)),
    commit('ada', '2026-10-01', { 'src/a0.ts': 'export const v0 = 10;\n' }),
  ],
};

const FAULTS: Array<[string, Fault, string | null]> = [
  ['f-page', { kind: 'not-json' }, 'GitHub returned an unexpected response for the commits of acme/f-page (an HTML page instead of JSON)'],
  [
    'f-cut',
    { kind: 'truncated', afterMs: 20 },
    'cannot read the commits of acme/f-cut from GitHub: the connection closed before the answer was complete',
  ],
  [
    'f-object',
    { kind: 'shape', body: { message: 'Moved Permanently' } },
    'GitHub returned an unexpected response for the commits of acme/f-object (JSON of the wrong shape: the body: expected array, received object)',
  ],
  [
    'f-types',
    { kind: 'shape', body: [{ commit: { author: { email: 'quinn@example.com' } }, author: { login: 'quinn-keeper', type: 7 } }] },
    'GitHub returned an unexpected response for the commits of acme/f-types (JSON of the wrong shape: [0].author.type: expected string, received number)',
  ],
  ['f-500', { kind: 'status', status: 500 }, 'cannot read the commits of acme/f-500 from GitHub: Server Error (HTTP 500)'],
  // An empty repository: GitHub answers 409, and there are no authors to link.
  ['f-409', { kind: 'status', status: 409 }, null],
];

let github: FakeGitHub;
let local: string;
beforeAll(async () => {
  const dir = buildFixture({ ...people, bare: true }, join(fx.temp(), 'people.git'));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const names = ['people', 'neighbour', 'mangled', 'once', ...FAULTS.map(([name]) => name)];
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'acme', type: 'Organization', teams: {} }],
    accounts: [
      { login: 'ada', type: 'User', emails: ['ada@example.com'] },
      { login: 'quinn-keeper', type: 'Bot', emails: ['quinn@example.com'] },
      // GitHub compares e-mails ignoring case, as the audit does.
      { login: 'acme-platform', type: 'Organization', emails: ['platform@example.com'] },
    ],
    repos: names.map((name): FakeRepo => ({ owner: 'acme', name, dir })),
  });
  await github.start();
  local = fx.build(people);
});
afterAll(() => github?.stop());

interface Metrics {
  truckFactor: number;
  activeTruckFactor: number;
  truckFactorDevelopers: Array<{ name: string }>;
  matrix: Array<{ system: string; primary: string | null; secondary: string | null; experts: number }>;
  botAccounts: string[];
  nonPersonAccounts: string[];
  nonPeople: Array<{ name: string; reason: string; login: string | null; type: string | null }>;
  forgeLinkedEmails: number | null;
  identities: Array<{ name: string }>;
}
interface Row {
  target: string;
  status: string;
  notes: string[];
  rules: Array<{ id: string; metrics: Metrics; findings: Array<{ code?: string; message: string; severity: string }> }>;
}

async function audit(targets: string[]): Promise<{ code: number; stderr: string; rows: Row[] }> {
  const r = await cli(['audit', '--github-url', github.url, '--now', NOW, '--format', 'json', '--rule', 'bus-factor', ...targets], {
    env: { CI: 'true', GITHUB_TOKEN: TOKEN, XDG_CACHE_HOME: fx.temp() },
  });
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return { code: r.code, stderr: r.stderr, rows: r.stdout ? (JSON.parse(r.stdout) as { repos: Row[] }).repos : [] };
}

const busFactor = (row: Row | undefined) => row!.rules.find((r) => r.id === 'bus-factor')!;
const primaries = (m: Metrics) => Object.fromEntries(m.matrix.map((r) => [r.system, [r.primary, r.secondary, r.experts]]));
const asked = (name: string) =>
  github.requests.filter((q) => q.method === 'GET' && q.path.startsWith(`/api/v3/repos/acme/${name}/commits`)).length;

/** What the audit from git alone says: the bot and the organisation are the two largest authors. */
function expectKept(m: Metrics): void {
  expect(m.truckFactor).toBe(2);
  expect(m.truckFactorDevelopers.map((d) => d.name)).toEqual(['Quinn Harper', 'Acme Platform']);
  expect(primaries(m)).toEqual({
    lib: ['Quinn Harper', null, 1],
    ops: ['Acme Platform', null, 1],
    src: ['Ada Lovelace', 'Grace Hopper', 2],
  });
  expect(m.nonPeople).toEqual([]);
  expect(m.botAccounts).toEqual([]);
}

describe.concurrent("GitHub's account types", () => {
  it('a Bot and an Organization account are left out of the matrix and the truck factor; from git alone they are kept', {
    timeout: SLOW,
  }, async () => {
    const [remote, plain] = await Promise.all([audit(['github:acme/people']), audit([local])]);
    expect(remote.code).toBe(0);
    const row = remote.rows[0]!;
    expect(row.status).toBe('ok');
    const m = busFactor(row).metrics;
    expect(m.forgeLinkedEmails).toBe(3);
    expect(m.truckFactor).toBe(1);
    expect(m.activeTruckFactor).toBe(1);
    expect(m.truckFactorDevelopers.map((d) => d.name)).toEqual(['Ada Lovelace']);
    // The bot's commits are left out altogether; the organisation's count, but it is no expert.
    expect(primaries(m)).toEqual({ lib: [null, null, 0], ops: [null, null, 0], src: ['Ada Lovelace', 'Grace Hopper', 2] });
    expect(m.botAccounts).toEqual(['Quinn Harper']);
    expect(m.nonPersonAccounts).toEqual(['Acme Platform']);
    expect(m.nonPeople).toEqual([
      { name: 'Acme Platform', reason: 'github-account-type', login: 'acme-platform', type: 'Organization' },
      { name: 'Quinn Harper', reason: 'github-account-type', login: 'quinn-keeper', type: 'Bot' },
    ]);
    expect(m.identities.map((i) => i.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(busFactor(row).findings).toContainEqual(
      expect.objectContaining({
        code: 'forge-accounts-not-people',
        severity: 'info',
        message:
          'Left out as accounts that GitHub says are not people: Acme Platform (GitHub account acme-platform, type Organization), Quinn Harper (GitHub account quinn-keeper, type Bot).',
      }),
    );
    expect(asked('people')).toBe(1);

    expect(plain.code).toBe(0);
    const alone = busFactor(plain.rows[0]).metrics;
    expectKept(alone);
    expect(alone.forgeLinkedEmails).toBeNull();
  });

  it('a bad answer from the commits endpoint is asked again, then noted on that repository, which is judged by the patterns alone', {
    timeout: SLOW,
  }, async () => {
    for (const [name, fault] of FAULTS) github.inject(new RegExp(`^GET /api/v3/repos/acme/${name}/commits`), fault, FOREVER);
    const { code, rows } = await audit([...FAULTS.map(([name]) => `github:acme/${name}`), 'github:acme/neighbour']);
    expect(code).toBe(3); // audited from git, but incomplete without the forge's half of the evidence
    FAULTS.forEach(([name, , why]) => {
      const row = rows.find((r) => r.target === `github:acme/${name}`);
      expect(row?.status, name).toBe('ok');
      const note = row!.notes.find((n) => n.startsWith('GitHub API data unavailable'));
      const m = busFactor(row).metrics;
      expectKept(m);
      if (why === null) {
        expect(note, name).toBeUndefined();
        expect(m.forgeLinkedEmails, name).toBe(0);
        expect(asked(name), name).toBe(1); // a 409 is not asked again
        return;
      }
      expect(note, name).toBe(
        `GitHub API data unavailable: ${why}. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.`,
      );
      expect(m.forgeLinkedEmails, name).toBeNull();
      expect(asked(name), name).toBe(ATTEMPTS);
    });
    // A neighbour in the same run is audited with GitHub's data.
    expect(busFactor(rows.find((r) => r.target === 'github:acme/neighbour')).metrics.truckFactor).toBe(1);
  });

  it('a page whose commits are not all well formed gives the accounts of those that are; a bad answer once is asked again', {
    timeout: SLOW,
  }, async () => {
    // Ada's commits lose their author's fields: the other commits stand.
    github.inject(
      /^GET \/api\/v3\/repos\/acme\/mangled\/commits/,
      {
        kind: 'shape',
        body: (real: Array<{ commit: { author: { email: string } } }>) =>
          real.map((c) => (c.commit.author.email === 'ada@example.com' ? { ...c, commit: { author: 'ada' } } : c)),
      },
      FOREVER,
    );
    github.inject(/^GET \/api\/v3\/repos\/acme\/once\/commits/, { kind: 'not-json' });
    const { code, rows } = await audit(['github:acme/mangled', 'github:acme/once']);
    expect(code).toBe(0);
    const mangled = busFactor(rows[0]).metrics;
    expect(rows[0]!.notes.some((n) => n.startsWith('GitHub API data unavailable'))).toBe(false);
    expect(mangled.forgeLinkedEmails).toBe(2); // Ada's link was in the commits that could not be read
    expect(mangled.truckFactorDevelopers.map((d) => d.name)).toEqual(['Ada Lovelace']);
    expect(asked('mangled')).toBe(ATTEMPTS);
    const once = busFactor(rows[1]).metrics;
    expect(once.forgeLinkedEmails).toBe(3);
    expect(once.truckFactor).toBe(1);
    expect(asked('once')).toBe(2);
  });
});
