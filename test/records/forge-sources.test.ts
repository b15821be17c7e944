import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type FixtureSpec } from '../../fixtures/builder.ts';
import { RULES } from '../../rules/index.ts';
import { parseConfigText } from '../../src/config/load.ts';
import { connectForges, type ForgeRun } from '../../src/engine/forges.ts';
import { runRule } from '../../src/engine/run-rule.ts';
import { github } from '../../src/github/index.ts';
import type { ForgeOptions } from '../../src/forge/registry.ts';
import type { Forge, ForgeConnection, ForgeRecordQuery, ForgeRepoName } from '../../src/forge/types.ts';
import { emptyView } from '../../src/records/empty-view.ts';
import { RecordRun } from '../../src/records/run.ts';
import type { Rule } from '../../src/types.ts';
import { buildServedRepo, cli, fixtures, NOW } from '../helpers.ts';
import { FakeGitHub } from '../servers/github.ts';
import { COMMIT_DATE, RECORD_RULES, recordFiles, recordIssues, wikiPages } from './fixtures.ts';

// Record sources on a second forge, written as a new forge would be: the records layer takes it
// through the adapter as it takes GitHub, with the run's one connection, made only when needed.
const fx = fixtures();
let base: string;

interface Calls {
  connects: number;
  listed: Array<{ repo: ForgeRepoName; query: ForgeRecordQuery }>;
  teams: Array<{ organisation: string; team: string }>;
}

const newCalls = (): Calls => ({ connects: 0, listed: [], teams: [] });
// With a host, as a forge's URLs have: a blueprint read from a clone may name sources on its own host alone.
const served = (name: string) => `file://localhost${join(base, `${name}.git`)}`;

function fakeForge(calls: Calls): Forge<ForgeOptions> {
  const connection: ForgeConnection = {
    warnings: ['No fake token: public repositories only.'],
    secrets: ['fake-secret-token'],
    listOrganisation: async () => [],
    prepare: () => undefined,
    open: () => {
      throw new Error('record sources never open a repository with its forge data');
    },
    clone: (repo) => ({ cloneUrl: served(`${repo.owner}--${repo.name}`), gitEnv: { FAKE_CREDENTIAL: 'set' } }),
    wiki: (repo) => ({ cloneUrl: served(`${repo.owner}--${repo.name}.wiki`) }),
    async listRecords(repo, query) {
      calls.listed.push({ repo, query });
      const issues = recordIssues().filter((i) => query.kind === 'issues' && query.label && i.labels?.includes(query.label));
      return {
        records: issues.map((i) => ({
          number: i.number,
          title: i.title!,
          body: i.body!,
          state: 'open' as const,
          createdAt: i.createdAt,
          closedAt: null,
          author: i.author ?? null,
          url: `https://fake.example/${repo.owner}/${repo.name}/issues/${i.number}`,
          labels: i.labels ?? [],
        })),
        truncated: false,
      };
    },
    async listTeam(organisation, team) {
      calls.teams.push({ organisation, team });
      return [`${organisation}/api`];
    },
  };
  return {
    id: 'fake',
    title: 'Fake',
    capabilities: ['forge'],
    organisationRepository: 'profile',
    recordKinds: ['issues'],
    parseTarget: (input) => {
      const match = /^fake:([\w-]+)\/([\w.-]+)$/.exec(input.trim());
      return match ? { owner: match[1]!, name: match[2]! } : null;
    },
    listsOrganisations: () => true,
    async connect() {
      calls.connects++;
      return connection;
    },
  };
}

/** GitHub as the run knows it, but never to be connected: no record source here is on GitHub. */
const unusedGitHub: Forge<ForgeOptions> = {
  ...github,
  connect: () => Promise.reject(new Error('GitHub was connected')),
};

const one = (files: Record<string, string>): FixtureSpec => ({ commits: [{ date: COMMIT_DATE, files }] });
const DR = RULES.find((r) => r.meta.id === 'disaster-recovery')! as Rule<unknown>;
const KIND = { kind: null, source: 'detected' as const, evidence: [] };

/** The disaster-recovery rule run for `target` with the blueprint `records`, read from a file in `dir`. */
async function runDR(forges: ForgeRun, target: string, records: string, dir: string) {
  const config = parseConfigText(`records:\n${records}`, 'blueprint.yml', 'blueprint.yml', RULES, { dir });
  const records_ = new RecordRun({ cacheDir: fx.temp(), forges });
  try {
    const where = { target: forges.read(target), shown: target, config };
    return await records_.run(DR, where, (attach) => runRule(DR, emptyView(), {}, config, new Date(NOW), KIND, attach));
  } finally {
    await records_.close();
  }
}

beforeAll(() => {
  base = fx.temp();
  buildServedRepo(one(recordFiles('engineering/')), join(base, 'acme--handbook.git'));
  buildServedRepo(one(wikiPages()), join(base, 'acme--shop.wiki.git'));
  buildFixture(one(recordFiles('')), join(base, 'local-handbook'));
});

describe('record sources on a forge, through its adapter', () => {
  it("reads a forge's handbook, wiki and issues through the run's one connection", async () => {
    const calls = newCalls();
    const warnings: string[] = [];
    const forges = await connectForges(['fake:acme/shop'], {}, { cacheDir: null, onWarning: (w) => warnings.push(w) }, [
      fakeForge(calls),
      unusedGitHub,
    ]);
    const records = ['  - repo: fake:acme/handbook\n    path: engineering/\n', '  - wiki: true\n', '  - issues: { label: dr-test }\n'].join(
      '',
    );
    const run = await runDR(forges, 'fake:acme/shop', records, base);
    expect(run.incomplete).toBeNull();
    expect(run.result.status).toBe('pass');
    expect(run.result.recordSources).toEqual(['fake:acme/handbook (engineering/)', 'wiki', 'issues labelled dr-test']);
    expect(run.result.records!.map((r) => [r.at, r.source, r.kind])).toEqual([
      ['fake:acme/handbook:engineering/dr/2026-03-10-database-restore.md', 'fake:acme/handbook', 'repository'],
      ['fake:acme/handbook:engineering/dr/2026-09-15-region-failover.md', 'fake:acme/handbook', 'repository'],
      ['fake:acme/shop#100', 'fake:acme/shop issues', 'issues'],
      ['fake:acme/shop#101', 'fake:acme/shop issues', 'issues'],
      ['wiki:DR-test-2026-03-10-database-restore.md', 'wiki', 'wiki'],
      ['wiki:DR-test-2026-09-15-region-failover.md', 'wiki', 'wiki'],
    ]);
    expect(run.result.records!.find((r) => r.issue === 100)?.url).toBe('https://fake.example/acme/shop/issues/100');
    expect(calls.listed).toEqual([
      { repo: { owner: 'acme', name: 'shop' }, query: { kind: 'issues', label: 'dr-test', title: null, state: 'all' } },
    ]);
    expect(calls.connects).toBe(1); // the target's connection, not one of the records' own
    expect(warnings).toEqual(['No fake token: public repositories only.']);
  });

  it("connects a forge that no target is on only when a record source needs it, and once; GitHub's client never", async () => {
    const calls = newCalls();
    const warnings: string[] = [];
    const forges = await connectForges(['.'], {}, { cacheDir: null, onWarning: (w) => warnings.push(w) }, [fakeForge(calls), unusedGitHub]);
    const local = await runDR(forges, join(base, 'shop'), '  - repo: ./local-handbook\n', base);
    expect(local.incomplete).toBeNull(); // GitHub, never to be connected, was not
    expect(local.result.records!.map((r) => r.at)).toEqual([
      './local-handbook:dr/2026-03-10-database-restore.md',
      './local-handbook:dr/2026-09-15-region-failover.md',
    ]);
    expect(calls.connects).toBe(0);
    const elsewhere = '  - repo: fake:acme/handbook\n    path: engineering\n  - issues: { repo: fake:acme/shop, label: dr-test }\n';
    const [a, b] = await Promise.all([1, 2].map(() => runDR(forges, join(base, 'shop'), elsewhere, base)));
    for (const run of [a!, b!]) {
      expect(run.incomplete).toBeNull();
      expect(run.result.records).toHaveLength(4);
    }
    expect(calls.connects).toBe(1);
    expect(warnings).toEqual(['No fake token: public repositories only.']);
    expect(forges.secrets).toEqual(['fake-secret-token']);
  });

  it('names the forges that keep a kind of record when the target is on none of them', async () => {
    const forges = await connectForges(['fake:acme/shop'], {}, { cacheDir: null }, [fakeForge(newCalls()), unusedGitHub]);
    const run = await runDR(forges, 'fake:acme/shop', '  - discussions: { category: DR }\n', base);
    expect(run.incomplete).toBe(
      'disaster-recovery: records could not be read from discussions in DR: discussions are read from GitHub: audit the repository as github:owner/name, or give discussions.repo: github:owner/name',
    );
    const alone = await connectForges(['fake:acme/shop'], {}, { cacheDir: null }, [fakeForge(newCalls())]);
    const none = await runDR(alone, 'fake:acme/shop', '  - discussions: { category: DR }\n', base);
    expect(none.incomplete).toMatch(/discussions in DR: discussions cannot be read from any forge blueprint knows$/);
  });

  it("reads an organisation's blueprint from the forge's own repository for it, and a team's repositories from the forge", async () => {
    const calls = newCalls();
    const blueprint = `records:\n  - repo: fake:acme/handbook\n    path: engineering/\nteams:\n  platform:\n    github: platform\n`;
    buildServedRepo(one({ 'blueprint.yml': blueprint }), join(base, 'acme--profile.git'));
    const forges = await connectForges([], { org: 'acme' }, { cacheDir: null }, [fakeForge(calls), unusedGitHub]);
    const records = new RecordRun({ cacheDir: fx.temp(), forges });
    try {
      await records.openOrganisation('acme', {
        rules: RULES,
        selected: [DR],
        explicitConfig: null,
        run: (rule, view, config, attach) => runRule(rule, view, {}, config, new Date(NOW), KIND, attach),
      });
      const org = records.organisationReport()!;
      expect(org.blueprint.source).toMatch(/^fake:acme\/profile:blueprint\.yml/);
      expect(org.incomplete).toEqual([]);
      expect(org.rules.map((r) => [r.id, r.status, r.records?.length])).toEqual([['disaster-recovery', 'pass', 2]]);
      expect(calls.teams).toEqual([{ organisation: 'acme', team: 'platform' }]);
      expect(calls.connects).toBe(1);
    } finally {
      await records.close();
    }
  });
});

describe('record sources on GitHub for a repository that is not', () => {
  const TOKEN = 'ghp_LAZYRECORDS234567890abcdefghijk';
  let server: FakeGitHub;

  beforeAll(async () => {
    const handbook = buildServedRepo(one(recordFiles('engineering/')), join(fx.temp(), 'handbook.git'));
    server = new FakeGitHub({
      tokens: [TOKEN],
      owners: [{ login: 'acme', type: 'Organization' }],
      repos: [{ owner: 'acme', name: 'handbook', dir: handbook, private: true, issues: recordIssues() }],
    });
    await server.start();
  });
  afterAll(() => server?.stop());

  const app = () =>
    fx.build(
      one({
        'src/index.ts': 'export const shop = 1;\n',
        'blueprint.yml':
          'records:\n  - repo: github:acme/handbook\n    path: engineering/\n  - issues: { repo: github:acme/handbook, label: dr-test, practices: [disaster-recovery] }\n',
      }),
    );
  const audit = (target: string, env: Record<string, string>) =>
    cli(['audit', target, '--github-url', server.url, '--now', NOW, '--format', 'json', ...RECORD_RULES.flatMap((id) => ['--rule', id])], {
      env: { CI: 'true', XDG_CACHE_HOME: fx.temp(), ...env },
    });

  it("connects GitHub when a source first needs it: the run's token clones the handbook and lists its issues", async () => {
    const r = await audit(app(), { GITHUB_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    const repo = JSON.parse(r.stdout).repos[0];
    expect(repo.incomplete).toEqual([]);
    const dr = repo.rules.find((rule: { id: string }) => rule.id === 'disaster-recovery');
    expect(dr.records.map((record: { at: string }) => record.at)).toEqual([
      'github:acme/handbook#100',
      'github:acme/handbook#101',
      'github:acme/handbook:engineering/dr/2026-03-10-database-restore.md',
      'github:acme/handbook:engineering/dr/2026-09-15-region-failover.md',
    ]);
  });

  it('without a token, warns once as an audit of GitHub repositories does, and says which sources could not be read', async () => {
    const r = await audit(app(), {});
    expect(r.code).toBe(3);
    expect(r.stderr.match(/No GitHub token/g)).toHaveLength(1);
    const repo = JSON.parse(r.stdout).repos[0];
    expect(repo.incomplete.length).toBeGreaterThan(0);
    for (const line of repo.incomplete) expect(line).toMatch(/records could not be read from github:acme\/handbook/);
  });
});
