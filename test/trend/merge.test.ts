import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { combineTrendShards, ConfigError, renderTrend, type TrendReport } from '../../src/index.ts';
import { TREND_FILE_NAMES, TREND_FORMATS } from '../../src/trend/formats.ts';
import { buildServedRepo, cli, fixtures, NOW } from '../helpers.ts';
import { FakeGitHub } from '../servers/github.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();
const TOKEN = 'ghp_TESTTOKEN1234567890abcdefghij';
let github: FakeGitHub;
let base: string;

/**
 * One organisation trend: a repository of another owner given first, then the organisation's,
 * which a run lists by name; one of them cannot be cloned (an error row). By the hash of their
 * names, 2 shards split them {tools, gone, infra, lib} and {api, shop}, 3 shards {tools, gone, lib},
 * {infra, shop} and {api}: no shard is a run of the whole list, so merge must put them back in order.
 * Of 5 shards, the 4th has none of them (an empty slice, with an organisation row of no repositories).
 */
beforeAll(async () => {
  base = fx.temp();
  const served = (name: string, spec: typeof bare) => buildServedRepo(spec, join(base, `${name}.git`));
  github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [
      { login: 'acme', type: 'Organization' },
      { login: 'zeta', type: 'User' },
    ],
    repos: [
      { owner: 'zeta', name: 'tools', dir: served('zeta--tools', bare) },
      { owner: 'acme', name: 'shop', dir: served('acme--shop', wellRun) },
      { owner: 'acme', name: 'api', dir: served('acme--api', bare) },
      { owner: 'acme', name: 'lib', dir: served('acme--lib', TIMELINE) },
      { owner: 'acme', name: 'infra', dir: served('acme--infra', wellRun) },
      { owner: 'acme', name: 'gone', dir: join(base, 'no-such-repo.git') },
    ],
  });
  await github.start();
}, 60_000);
afterAll(async () => {
  await github?.stop();
});

const ORDER = ['github:zeta/tools', 'github:acme/api', 'github:acme/gone', 'github:acme/infra', 'github:acme/lib', 'github:acme/shop'];

/** The whole organisation trend's targets; ONE_TARGET, a trend of one repository, for what only compares its settings. */
const ORGANISATION = ['github:zeta/tools', '--org', 'acme'];
const ONE_TARGET = ['github:zeta/tools'];

/** `blueprint trend` of the organisation (each run with a cache of its own, as a CI job has), `extra` added. */
function traceTrend(extra: string[], since = '2026-09-24', targets = ORGANISATION) {
  return cli(['trend', ...targets, '--github-url', github.url, '--since', since, '--every', 'month', '--now', NOW, '--quiet', ...extra], {
    env: { CI: 'true', XDG_CACHE_HOME: fx.temp(), GITHUB_TOKEN: TOKEN },
  });
}

/** Every file of a folder, by name. */
function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const EVERY_FORMAT = ['--format', TREND_FORMATS.join(',')];
let whole: { code: number; files: Record<string, string> };
/** shards[n][i - 1]: the JSON file of shard i of n. */
const shards: Record<number, string[]> = {};

beforeAll(async () => {
  const dir = fx.temp();
  const r = await traceTrend([...EVERY_FORMAT, '--output-dir', dir]);
  expect(r.stderr).toBe('');
  whole = { code: r.code, files: filesIn(dir) };
  for (const count of [2, 3, 5]) {
    shards[count] = [];
    for (let index = 1; index <= count; index++) {
      const file = join(base, `shard-${index}-of-${count}.json`);
      const s = await traceTrend(['--shard', `${index}/${count}`, '--format', 'json', '--output', file]);
      expect(s.stderr).toBe('');
      // 3 for the shard with the repository that cannot be cloned, as for the whole trend.
      expect(s.code, `shard ${index}/${count}`).toBe(readTrend(file).repos.some((x) => x.status === 'error') ? 3 : 0);
      shards[count].push(file);
    }
  }
}, 240_000);

const readTrend = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as TrendReport;

describe('blueprint merge of trend shards', () => {
  it('the whole trend is the organisation, with an error row and the organisation row', () => {
    const trend = JSON.parse(whole.files['trend.json']!) as TrendReport;
    expect(trend.repos.map((r) => r.target)).toEqual(ORDER);
    expect(trend.repos.map((r) => r.status)).toEqual(['ok', 'ok', 'error', 'ok', 'ok', 'ok']);
    expect(trend.organisation).toMatchObject({ name: 'acme' });
    expect(trend.organisation!.points.map((p) => p.repos)).toEqual([5, 5, 5]);
    expect(whole.code).toBe(3);
  });

  it('each shard traces a slice out of order, and says where its repositories stand among all', () => {
    const slices = (count: number) => shards[count]!.map((f) => readTrend(f).repos.map((r) => r.target.replace('github:', '')));
    expect(slices(2)).toEqual([
      ['zeta/tools', 'acme/gone', 'acme/infra', 'acme/lib'],
      ['acme/api', 'acme/shop'],
    ]);
    expect(slices(3)).toEqual([['zeta/tools', 'acme/gone', 'acme/lib'], ['acme/infra', 'acme/shop'], ['acme/api']]);
    expect(slices(5)[3]).toEqual([]);
    expect(readTrend(shards[5]![3]!).organisation!.points.map((p) => [p.repos, p.overall])).toEqual([
      [0, null],
      [0, null],
      [0, null],
    ]);
    const second = readTrend(shards[3]![1]!);
    expect(second.shard).toEqual({
      index: 2,
      count: 3,
      total: 6,
      positions: [3, 5],
      blueprint: { config: null, digest: null, rules: null },
    });
    // A shard's organisation row is over its own repositories: not the organisation's.
    expect(second.organisation!.points).not.toEqual((JSON.parse(whole.files['trend.json']!) as TrendReport).organisation!.points);
  });

  it.each([2, 3, 5])('the merge of %i shards is the whole trend byte for byte, in every format, with its exit code', async (count) => {
    const dir = fx.temp();
    // The order of the files does not matter.
    const files = [...shards[count]!].reverse();
    const r = await cli(['merge', ...files, ...EVERY_FORMAT, '--output-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(whole.code);
    const merged = filesIn(dir);
    expect(Object.keys(merged).sort()).toEqual(Object.values(TREND_FILE_NAMES).sort());
    for (const format of TREND_FORMATS) {
      const name = TREND_FILE_NAMES[format];
      expect(merged[name] === whole.files[name], `${name} differs`).toBe(true);
    }
    expect(readTrend(join(dir, 'trend.json')).shard).toBeUndefined();
    // To stdout, one format.
    const text = await cli(['merge', ...files]);
    expect(text.stdout).toBe(whole.files['trend.txt']);
  });

  it('--summary appends the merged trend in Markdown to the job summary', async () => {
    const summary = join(fx.temp(), 'summary.md');
    writeFileSync(summary, '# Before\n');
    const r = await cli(['merge', ...shards[2]!, '--format', 'json', '--summary'], {
      env: { CI: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.stdout).toBe(whole.files['trend.json']);
    expect(readFileSync(summary, 'utf8')).toBe(`# Before\n${whole.files['trend.md']}`);
  });

  it("the library's combineTrendShards combines shards read back from JSON, as merge does", async () => {
    const loaded = shards[3]!.map((file) => ({ name: file, trend: readTrend(file) }));
    expect(renderTrend('json', combineTrendShards(loaded))).toBe(whole.files['trend.json']);
    expect(() => combineTrendShards(loaded.slice(1))).toThrow(ConfigError);
  });

  it('one shard of one is the whole trend', async () => {
    const file = join(fx.temp(), 'one.json');
    expect((await traceTrend(['--shard', '1/1', '--format', 'json', '--output', file])).code).toBe(3);
    expect((await cli(['merge', file, '--format', 'json'])).stdout).toBe(whole.files['trend.json']);
  }, 60_000);
});

describe('blueprint merge refuses what is not the shards of one trend (exit 2, naming the files)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fx.temp();
  });
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const merge = async (...args: string[]) => {
    const r = await cli(['merge', ...args], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/internal error/);
    return r;
  };

  it('a missing shard: which, and which were given', async () => {
    const [one, , three] = shards[3]!;
    const r = await merge(one!, three!);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: shard 2 of 3 is missing: the files given are shards 1 (${one}), 3 (${three})`);
    expect(r.stderr).toMatch(/hint: add the JSON of each missing shard \(blueprint trend … --shard 2\/3 --format json\)/);
  });

  it('a shard given twice', async () => {
    copyFileSync(shards[2]![0]!, join(dir, 'copy.json'));
    const r = await merge(shards[2]![0]!, 'copy.json', shards[2]![1]!);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${shards[2]![0]} and copy.json are both shard 1 of 2`);
  });

  it('shards of different trends: other dates, other shard counts', async () => {
    // Settings are compared before the organisation and its repositories: one repository is enough.
    const late = join(dir, 'late.json');
    expect((await traceTrend(['--shard', '2/2', '--format', 'json', '--output', late], '2026-10-24', ONE_TARGET)).code).toBe(0);
    const r = await merge(shards[2]![0]!, late);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `error: the files are not shards of one trend: their first dates (since) differ: 2026-09-24T12:00:00.000Z (${shards[2]![0]}); 2026-10-24T12:00:00.000Z (${late})`,
    );
    expect(r.stderr).toContain('hint: run every shard with the same --since, --every, --until and --now');
    const ruled = join(dir, 'ruled.json');
    expect(
      (
        await traceTrend(
          ['--shard', '2/2', '--rule', 'ci-pipeline,bus-factor', '--format', 'json', '--output', ruled],
          undefined,
          ONE_TARGET,
        )
      ).code,
    ).toBe(0);
    const rules = await merge(shards[2]![0]!, ruled);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toContain(
      `their blueprints differ: each repository's own, every rule (${shards[2]![0]}); each repository's own, rules bus-factor,ci-pipeline (${ruled})`,
    );
    const counts = await merge(shards[2]![0]!, shards[3]![1]!);
    expect(counts.code).toBe(2);
    expect(counts.stderr).toContain(`their shard counts differ: of 2 (${shards[2]![0]}); of 3 (${shards[3]![1]})`);
  }, 60_000);

  it('a --config file counts by its contents, wherever each job had it', async () => {
    const config = (folder: string, text: string) => {
      const file = join(fx.temp(), folder, 'blueprint.yml');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    };
    let runs = 0;
    const traced = async (index: number, file: string) => {
      const out = join(dir, `configured-${++runs}.json`);
      const r = await traceTrend(
        ['--shard', `${index}/2`, '--config', file, '--rule', 'ci-pipeline', '--format', 'json', '--output', out],
        undefined,
        ONE_TARGET,
      );
      expect(r.stderr).toBe('');
      return out;
    };
    const first = await traced(1, config('a', 'fail-under: 60\n'));
    const same = await traced(2, config('elsewhere/b', 'fail-under: 60\n'));
    const merged = await cli(['merge', first, same, '--format', 'json']);
    expect(merged.stderr).toBe('');
    expect(JSON.parse(merged.stdout).repos.map((r: { target: string }) => r.target)).toEqual(['github:zeta/tools']);
    const other = config('c', 'fail-under: 70\n');
    const differs = await merge(first, await traced(2, other));
    expect(differs.code).toBe(2);
    expect(differs.stderr).toMatch(
      new RegExp(
        `their blueprints differ: .*/a/blueprint\\.yml \\(sha256:[0-9a-f]{12}…\\), rules ci-pipeline \\(.*\\); ${other.replace(/[.]/g, '\\.')} \\(sha256:`,
      ),
    );
  }, 60_000);

  it('a file that is not JSON, and one cut short', async () => {
    write('notes.txt', 'shard two is still running\n');
    const notJson = await merge(shards[2]![0]!, 'notes.txt');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^error: notes\.txt: the trend is not valid JSON: Unexpected token/);
    expect(notJson.stderr).toContain('hint: pass the JSON of each shard, written by `blueprint trend --shard i/n --format json`');
    const text = readFileSync(shards[2]![1]!, 'utf8');
    write('cut.json', text.slice(0, Math.floor(text.length / 2)));
    const cut = await merge(shards[2]![0]!, 'cut.json');
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^error: cut\.json: the trend is not valid JSON: .*\(the file ends early: was it cut short\?\)\n/);
  });

  it('JSON of the wrong shape: the first place it breaks docs/trend.schema.json', async () => {
    const shard = readTrend(shards[2]![1]!);
    (shard.repos[0]!.points[1] as { overall: unknown }).overall = 'high';
    write('edited.json', JSON.stringify(shard));
    const r = await merge(shards[2]![0]!, 'edited.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: edited\.json: not a blueprint trend: at \$\.repos\[0\]\.points\[1\]\.overall, the value "high" must be/,
    );
    // A shard written before merge could combine them: no positions.
    const old = readTrend(shards[2]![1]!) as { shard: Partial<NonNullable<TrendReport['shard']>> };
    delete old.shard.positions;
    write('old.json', JSON.stringify(old));
    const before = await merge(shards[2]![0]!, 'old.json');
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/^error: old\.json: shard 2 of 2 does not say where its repositories stand among the whole trend's/);
    expect(before.stderr).toContain('hint: it was written by a blueprint from before trends could be merged: trace the shard again');
    write('list.json', '[1, 2, 3]');
    const list = await merge(shards[2]![0]!, 'list.json');
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/^error: list\.json: not a blueprint trend: at \$, the value a list must be object/);
  });

  it('positions that do not fit together: shards of different lists of repositories', async () => {
    const shard = readTrend(shards[2]![1]!);
    shard.shard!.positions = [0, 5];
    write('moved.json', JSON.stringify(shard));
    const r = await merge(shards[2]![0]!, 'moved.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `error: ${shards[2]![0]} and moved.json both put a repository at place 1 of 6 (github:zeta/tools, github:acme/api)`,
    );
    expect(r.stderr).toContain('did the organisation change between the jobs?');
  });

  it('a whole trend, and an audit report with a trend', async () => {
    write('whole.json', whole.files['trend.json']!);
    const r = await merge('whole.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: whole.json: this trend is not a shard (it has no "shard")');
    const audit = join(dir, 'audit.json');
    await cli(['audit', fx.build(bare), '--now', NOW, '--format', 'json', '--output', audit]);
    const mixed = await merge('audit.json', shards[2]![0]!);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(`error: audit.json is an audit report and ${shards[2]![0]} a trend`);
  });

  it('a format a trend does not have', async () => {
    const r = await merge(...shards[2]!, '--format', 'sarif');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: a trend has no sarif format');
  });
});
