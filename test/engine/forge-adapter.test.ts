import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { bare } from '../../fixtures/repos.ts';
import { connectForges } from '../../src/engine/forges.ts';
import { openTarget } from '../../src/engine/open-target.ts';
import { listTargets } from '../../src/engine/target-list.ts';
import { RepositoryNotFound, UsageError } from '../../src/errors.ts';
import type { ForgeOptions } from '../../src/forge/registry.ts';
import type { Forge, ForgeConnection, ForgeRepoName } from '../../src/forge/types.ts';
import type { ForgeData } from '../../src/types.ts';
import { fixtures } from '../helpers.ts';

// A second forge, written the way a new one would be: the engine takes it as it takes GitHub.
const fx = fixtures();
let base: string;

function forgeData(repo: ForgeRepoName): ForgeData {
  return {
    ...repo,
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
}

interface Calls {
  connects: number;
  prepared: ForgeRepoName[][];
  listed: Array<{ organisation: string; include: readonly string[] | undefined }>;
}

/** Options a second forge would add to ForgeOptions. */
type FakeOptions = ForgeOptions & { fakeShorthand?: boolean };

function fakeForge(calls: Calls): Forge<FakeOptions> {
  const connection: ForgeConnection = {
    warnings: ['No fake token: public repositories only.'],
    secrets: ['fake-secret-token'],
    async listOrganisation(organisation, filter) {
      calls.listed.push({ organisation, include: filter.include });
      return ['api', 'shop', 'tool'].map((name) => ({ owner: organisation, name }));
    },
    prepare(repos) {
      calls.prepared.push([...repos]);
    },
    open(repo) {
      const data =
        repo.name === 'gone'
          ? Promise.reject(new RepositoryNotFound('fake repository acme/gone not found', 'check the name'))
          : repo.name === 'flaky'
            ? Promise.reject(new Error('the fake API is down'))
            : Promise.resolve(forgeData(repo));
      data.catch(() => undefined);
      return {
        cloneUrl: `file://${join(base, `${repo.name}.git`)}`,
        data,
        notes: ['Files from a clone; the rest from the fake API.'],
        unavailable: (error) => ({
          note: `Fake API data unavailable: ${(error as Error).message}.`,
          limit: `the fake API was unavailable (${(error as Error).message})`,
        }),
      };
    },
    clone: (repo) => ({ cloneUrl: `file://${join(base, `${repo.name}.git`)}` }),
  };
  return {
    id: 'fake',
    title: 'Fake',
    capabilities: ['forge'],
    parseTarget(input, options) {
      const match = /^(?:fake:)?([\w-]+)\/([\w-]+)$/.exec(input);
      if (input.startsWith('fake:') && !match) throw new UsageError(`'${input}' is not a fake repository`, 'write it as fake:owner/name');
      return match && (input.startsWith('fake:') || options.fakeShorthand) ? { owner: match[1]!, name: match[2]! } : null;
    },
    listsOrganisations: () => true,
    async connect() {
      calls.connects++;
      return connection;
    },
  };
}

const newCalls = (): Calls => ({ connects: 0, prepared: [], listed: [] });

beforeAll(() => {
  base = fx.temp();
  for (const name of ['api', 'flaky']) {
    const dir = buildFixture({ ...bare, bare: true }, join(base, `${name}.git`));
    gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
    gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  }
});

describe('a forge adapter, through the engine', () => {
  it('is connected once per run, gives its warnings once, and only when a target or the organisation needs it', async () => {
    const calls = newCalls();
    const forge = fakeForge(calls);
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const none = await connectForges(['.', 'https://example.com/x.git'], {}, { cacheDir: null, onWarning }, [forge]);
    expect(calls.connects).toBe(0);
    expect(none.secrets).toEqual([]);
    const run = await connectForges(['fake:acme/api', 'fake:acme/shop', 'fake:lin/tool'], {}, { cacheDir: null, onWarning }, [forge]);
    expect(calls.connects).toBe(1);
    expect(warnings).toEqual(['No fake token: public repositories only.']);
    expect(run.secrets).toEqual(['fake-secret-token']);
    expect(run.read('acme/api')).toMatchObject({ kind: 'local' });
    expect(run.read('fake:acme/api')).toMatchObject({ kind: 'forge', repo: { owner: 'acme', name: 'api' } });
    await expect(connectForges(['fake:'], {}, { cacheDir: null }, [forge])).rejects.toThrow(UsageError);
  });

  it('lists the organisation as <id>:owner/name targets, shards after listing, and reads forge data for the shard only', async () => {
    const calls = newCalls();
    const forge = fakeForge(calls);
    const options = { org: 'acme', include: ['*'] };
    const run = await connectForges(['./here'], options, { cacheDir: null }, [forge]);
    const all = await listTargets(['./here'], options, run);
    expect(all).toEqual(['./here', 'fake:acme/api', 'fake:acme/shop', 'fake:acme/tool']);
    expect(calls.listed).toEqual([{ organisation: 'acme', include: ['*'] }]);
    const shards = await Promise.all([1, 2].map((index) => listTargets(['./here'], { ...options, shard: { index, count: 2 } }, run)));
    expect([...shards[0]!, ...shards[1]!].sort()).toEqual(all);
    for (const shard of shards) run.prepare(shard);
    const named = (shard: string[]) => shard.filter((t) => t.startsWith('fake:')).map((t) => ({ owner: 'acme', name: t.split('/')[1] }));
    expect(calls.prepared).toEqual(shards.map(named).filter((repos) => repos.length));
  });

  it('opens a repository as a remote clone with the forge data, or with the limit and note when the data is missing', async () => {
    const forge = fakeForge(newCalls());
    const cacheDir = fx.temp();
    const run = await connectForges(['fake:acme/api', 'fake:acme/flaky'], {}, { cacheDir }, [forge]);
    const settings = { cwd: base, cacheDir, forges: run };
    const api = await openTarget(run.read('fake:acme/api'), settings);
    try {
      expect(api).toMatchObject({ kind: 'remote', workTree: null, limits: {} });
      expect(api.kind === 'remote' && api.url).toBe(`file://${join(base, 'api.git')}`);
      expect(api.view.capabilities.has('forge')).toBe(true);
      expect(await api.view.forge()).toMatchObject({ owner: 'acme', name: 'api', defaultBranch: 'main' });
      expect(api.notes).toContain('Files from a clone; the rest from the fake API.');
    } finally {
      api.close();
    }
    const flaky = await openTarget(run.read('fake:acme/flaky'), settings);
    try {
      expect(flaky.view.capabilities.has('forge')).toBe(false);
      expect(await flaky.view.forge()).toBeNull();
      expect(flaky.limits.forge).toBe('the fake API was unavailable (the fake API is down)');
      expect(flaky.notes).toContain('Fake API data unavailable: the fake API is down.');
    } finally {
      flaky.close();
    }
  });

  it('says what the forge said when neither the forge nor git knows the repository', async () => {
    const forge = fakeForge(newCalls());
    const run = await connectForges(['fake:acme/gone'], {}, { cacheDir: null }, [forge]);
    await expect(openTarget(run.read('fake:acme/gone'), { cwd: base, cacheDir: null, forges: run })).rejects.toThrow(
      'fake repository acme/gone not found',
    );
  });
});
