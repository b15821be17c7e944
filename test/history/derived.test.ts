import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedStore } from '../../src/history/derived.ts';
import { lastChangedGit, lastChangedStore } from '../../src/history/last-changed.ts';
import { openLocalRepo } from '../../src/sources/local.ts';
import type { Derivation } from '../../src/types.ts';
import { gitIn } from '../../fixtures/builder.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { revParse, SCENARIO } from './history-fixtures.ts';

const fx = fixtures();

describe('values derived from a commit, kept between audits (RepoView.derive)', () => {
  const dir = fx.build(SCENARIO);
  const gitDir = join(dir, '.git');

  const signed = async () => 'signature of the history entry';

  /** A derivation that counts its runs and records what it was given. */
  const counting = (name: string, context: string, value: (previous: unknown) => unknown) => {
    const runs: unknown[] = [];
    const derivation: Derivation<unknown> = {
      name,
      context,
      derive: (previous) => (runs.push(previous), value(previous)),
    };
    return { derivation, runs };
  };

  it('derives once per commit and context, and hands a later commit the value of the same context', async () => {
    const cacheDir = fx.temp();
    const [v1, v2] = [revParse(dir, 'v1'), revParse(dir, 'v2')];
    const value = { table: new Map([['a.js', [1, 2]]]), ids: Int32Array.from([3, 4]) };

    const first = counting('t', 'ctx', () => value);
    expect(await derivedStore(cacheDir, gitDir, v1, false, signed).derive(first.derivation)).toEqual(value);
    expect(first.runs).toEqual([undefined]);

    const again = counting('t', 'ctx', () => 'never');
    const store = derivedStore(cacheDir, gitDir, v1, false, signed);
    expect(await store.derive(again.derivation)).toEqual(value);
    expect(await store.derive(again.derivation)).toEqual(value);
    expect(again.runs).toEqual([]);

    // Another context at the same commit (an option changed): derived afresh, nothing handed over.
    const other = counting('t', 'other options', () => 'other');
    expect(await derivedStore(cacheDir, gitDir, v1, false, signed).derive(other.derivation)).toBe('other');
    expect(other.runs).toEqual([undefined]);

    // A later commit (a push): derived afresh, given the value kept under the same context.
    const pushed = counting('t', 'other options', (previous) => ({ from: previous }));
    expect(await derivedStore(cacheDir, gitDir, v2, false, signed).derive(pushed.derivation)).toEqual({ from: 'other' });
    expect(pushed.runs).toEqual(['other']);

    // Another name never sees these values.
    const unrelated = counting('u', 'other options', () => 1);
    await derivedStore(cacheDir, gitDir, v2, false, signed).derive(unrelated.derivation);
    expect(unrelated.runs).toEqual([undefined]);
  });

  it('derives again from a history mined or written again (another signature), and keeps nothing without one', async () => {
    const cacheDir = fx.temp();
    const commit = revParse(dir, 'v1');
    await derivedStore(cacheDir, gitDir, commit, false, signed).derive(counting('t', 'ctx', () => 'first').derivation);
    const rewritten = counting('t', 'ctx', () => 'second');
    expect(await derivedStore(cacheDir, gitDir, commit, false, async () => 'another').derive(rewritten.derivation)).toBe('second');
    expect(rewritten.runs).toEqual([undefined]);
    const unsigned = counting('t', 'ctx', () => 'third');
    expect(await derivedStore(cacheDir, gitDir, commit, false, async () => undefined).derive(unsigned.derivation)).toBe('third');
    expect(
      await derivedStore(cacheDir, gitDir, commit, false, async () => 'another').derive(counting('t', 'ctx', () => 'never').derivation),
    ).toBe('second');
  });

  it('without a cache every view derives afresh, and nothing is written', async () => {
    const { derivation, runs } = counting('t', 'ctx', () => 7);
    const commit = revParse(dir, 'v1');
    expect(await derivedStore(null, gitDir, commit, false, signed).derive(derivation)).toBe(7);
    expect(await derivedStore(null, gitDir, commit, false, signed).derive(derivation)).toBe(7);
    expect(runs).toHaveLength(2);
  });

  it('a damaged entry is derived again, never trusted', async () => {
    const cacheDir = fx.temp();
    const commit = revParse(dir, 'v1');
    await derivedStore(cacheDir, gitDir, commit, false, signed).derive(counting('t', 'ctx', () => 'kept').derivation);
    const folder = join(cacheDir, 'queries');
    const [entry] = readdirSync(folder).filter((f) => f.includes('-derived-'));
    writeFileSync(join(folder, entry!), 'not an entry');
    const { derivation, runs } = counting('t', 'ctx', () => 'fresh');
    expect(await derivedStore(cacheDir, gitDir, commit, false, signed).derive(derivation)).toBe('fresh');
    expect(runs).toEqual([undefined]);
  });
});

describe('bus-factor from kept authorship tables', () => {
  const dir = fx.build(SCENARIO);
  const configs = {
    plain: null,
    // Verdicts flip: Linus becomes a bot, Grace an account that is not a person.
    accounts: 'rules:\n  bus-factor:\n    options:\n      bots: ["linus*"]\n      nonPeople: ["grace*"]\n',
    raw: 'rules:\n  bus-factor:\n    options:\n      mode: avl-2016\n      excludeBots: false\n',
  } as const;
  const configFile = (name: keyof typeof configs) => {
    const text = configs[name];
    if (text === null) return [];
    const file = join(fx.temp(), 'blueprint.yml');
    writeFileSync(file, text);
    return ['--config', file];
  };

  it('reports equal auditing afresh across pushes, merges, a .mailmap change, force-pushes, rebases and option changes', async () => {
    const cacheHome = fx.temp();
    const audit = (ref: string, config: string[], extra: string[] = []) =>
      cli(['audit', dir, '--now', NOW, '--ref', ref, '--rule', 'bus-factor', '--format', 'json', ...config, ...extra], {
        env: { CI: 'true', XDG_CACHE_HOME: cacheHome },
      });
    const steps: Array<[string, keyof typeof configs]> = [
      ['v1', 'plain'],
      ['v1', 'plain'],
      ['v2', 'plain'],
      ['v2', 'accounts'],
      ['v3', 'accounts'],
      ['v3', 'plain'],
      ['main', 'plain'],
      ['main', 'raw'],
      ['rewritten', 'plain'],
      ['topic', 'accounts'],
      ['topic-rebased', 'accounts'],
      ['main', 'accounts'],
      ['main', 'plain'],
    ];
    for (const [ref, name] of steps) {
      const config = configFile(name);
      const cached = await audit(ref, config);
      const fresh = await audit(ref, config, ['--no-cache']);
      expect(cached.code, `${ref} ${name}: ${cached.stderr}`).toBe(fresh.code);
      expect(cached.stdout, `${ref} with ${name}`).toBe(fresh.stdout);
    }
    const kept = readdirSync(join(cacheHome, 'blueprint', 'queries')).filter((f) => f.includes('-derived-'));
    // One entry per audited commit and context (the options here): going back to a context keeps what it derived.
    expect(kept).toHaveLength(new Set(steps.map(([ref, name]) => `${revParse(dir, ref)} ${name}`)).size);
  });
});

describe('lastChanged kept per commit', () => {
  const dir = fx.build(SCENARIO);
  const gitDir = join(dir, '.git');

  it('asks git once per commit and path, across views', async () => {
    const cacheDir = fx.temp();
    const asked: string[] = [];
    const ask = async (path: string) => (asked.push(path), path === 'gone' ? null : path.length);
    const v1 = revParse(dir, 'v1');
    const first = lastChangedStore(cacheDir, gitDir, v1, { ask });
    expect(await Promise.all([first('a.js'), first('gone'), first('lib/c.js')])).toEqual([4, null, 8]);
    const second = lastChangedStore(cacheDir, gitDir, v1, { ask });
    expect(await Promise.all([second('a.js'), second('gone'), second('lib/c.js')])).toEqual([4, null, 8]);
    expect(asked.sort()).toEqual(['a.js', 'gone', 'lib/c.js']);
    await lastChangedStore(cacheDir, gitDir, revParse(dir, 'v2'), { ask })('a.js');
    expect(asked.filter((p) => p === 'a.js')).toHaveLength(2);
  });

  it('after a push on top of a kept commit, asks git again only about paths the push changed', async () => {
    const cacheDir = fx.temp();
    const walks: string[] = [];
    const at = (ref: string) => {
      const commit = revParse(dir, ref);
      const git = lastChangedGit(
        commit,
        async (args) => (args.includes('--format=%ct') && walks.push(`${ref} ${args.at(-1)}`), gitIn(dir, args)),
        async (args) => {
          try {
            return { code: 0, stdout: gitIn(dir, args) };
          } catch {
            return { code: 1, stdout: '' };
          }
        },
      );
      return lastChangedStore(cacheDir, gitDir, commit, git);
    };
    const paths = ['a.js', 'b.js', 'lib/d.js', 'feat.js', 'missing.js'];
    const fresh = async (ref: string) => {
      const git = lastChangedGit(
        revParse(dir, ref),
        async (args) => gitIn(dir, args),
        async () => ({ code: 1, stdout: '' }),
      );
      return Promise.all(paths.map((p) => git.ask(p)));
    };
    const check = async (ref: string) => {
      const store = at(ref);
      expect(await Promise.all(paths.map((p) => store(p))), ref).toEqual(await fresh(ref));
    };
    await check('v3');
    walks.length = 0;
    // main is v3 and one commit by Grace to a.js and lib/d.js: only those two are walked.
    await check('main');
    expect(walks.sort()).toEqual(['main a.js', 'main lib/d.js']);
    // topic-rebased adds two commits to topic.js on top of main: nothing is walked.
    walks.length = 0;
    await check('topic-rebased');
    expect(walks).toEqual([]);
    // A force-push (rewritten from v1) and a merge of older work (v2 from v1) are walked whole.
    walks.length = 0;
    await check('rewritten');
    expect(walks).toHaveLength(paths.length);
    const run = async (args: string[]) => ({ code: 0, stdout: gitIn(dir, args) });
    const gitAt = (ref: string) => lastChangedGit(revParse(dir, ref), async (args) => gitIn(dir, args), run);
    expect(await gitAt('main').onTopOf!(revParse(dir, 'v3'))).toBe(true);
    expect(await gitAt('v2').onTopOf!(revParse(dir, 'v1'))).toBe(false);
    expect(await gitAt('v1').onTopOf!(revParse(dir, 'v2'))).toBe(false);
    expect(await gitAt('v1').onTopOf!(revParse(dir, 'v1'))).toBe(false);
    const cacheOfV1 = fx.temp();
    const v1 = lastChangedStore(cacheOfV1, gitDir, revParse(dir, 'v1'), { ask: async () => 1 });
    await v1('a.js');
    let asked = 0;
    const v2 = lastChangedStore(cacheOfV1, gitDir, revParse(dir, 'v2'), {
      ask: async () => (asked++, 2),
      onTopOf: async () => false,
      changedSince: async () => false,
    });
    expect(await v2('a.js')).toBe(2);
    expect(asked).toBe(1);
  });

  it("equals git's answer at every commit, with and without the cache", async () => {
    const cacheDir = fx.temp();
    for (const ref of ['v1', 'v2', 'v3', 'main', 'rewritten', 'v2']) {
      for (const cache of [cacheDir, null, cacheDir]) {
        const opened = await openLocalRepo(dir, { ref, cacheDir: cache });
        try {
          const dates = await Promise.all(['a.js', 'lib/c.js', 'lib/d.js', 'missing.js'].map((p) => opened.view.lastChanged(p)));
          const fresh = await openLocalRepo(dir, { ref, cacheDir: null });
          try {
            expect(dates).toEqual(await Promise.all(['a.js', 'lib/c.js', 'lib/d.js', 'missing.js'].map((p) => fresh.view.lastChanged(p))));
          } finally {
            fresh.close();
          }
        } finally {
          opened.close();
        }
      }
    }
  });
});
