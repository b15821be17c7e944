import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../../fixtures/builder.ts';
import { bare, wellRun } from '../../fixtures/repos.ts';
import type { ProgressSink } from '../../src/cli/run.ts';
import { RULES } from '../../rules/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { startGitDaemon, type GitDaemon } from '../servers/git-daemon.ts';

const fx = fixtures();

/** A terminal's spinner, recorded: every text it showed, and whether it was stopped. */
function recordingSpinner() {
  const shown: string[] = [];
  let stopped = 0;
  const sink: ProgressSink = {
    async start(text) {
      shown.push(text);
      return {
        set text(value: string) {
          shown.push(value);
        },
        get text() {
          return shown.at(-1) ?? '';
        },
        stop: () => void stopped++,
      };
    },
  };
  return { sink, shown, stopped: () => stopped };
}

let base: string;
let daemon: GitDaemon;
beforeAll(async () => {
  base = fx.temp();
  buildFixture({ ...wellRun, bare: true }, join(base, 'shop.git'));
  daemon = await startGitDaemon(base);
});
afterAll(() => daemon?.stop());

describe('progress on a terminal', () => {
  it('one repository: the spinner names its phases (opening, reading history, running rules n/N) and stops', async () => {
    const repo = fx.build(wellRun);
    const spinner = recordingSpinner();
    const r = await cli(['audit', repo, '--now', NOW, '--no-cache'], { env: {}, progress: spinner.sink });
    expect(r.code).toBe(0);
    const n = RULES.length;
    expect(spinner.shown[0]).toBe('Auditing…');
    expect(spinner.shown).toContain(`Auditing ${repo}: opening`);
    expect(spinner.shown).toContain(`Auditing ${repo}: reading history`);
    expect(spinner.shown).toContain(`Auditing ${repo}: running rules 0/${n}`);
    expect(spinner.shown.at(-1)).toBe(`Auditing ${repo}: running rules ${n}/${n}`);
    // The counts only go up, and "reading history" comes before the history rules finish.
    const counts = spinner.shown
      .map((t) => /running rules (\d+)\//.exec(t)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(spinner.stopped()).toBeGreaterThan(0);
    // The spinner draws on its own sink: nothing of it reaches stderr or stdout.
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/Auditing/);
  });

  it('a remote repository is cloning before it is read', async () => {
    const spinner = recordingSpinner();
    const url = daemon.url('shop.git');
    const r = await cli(['audit', url, '--now', NOW, '--rule', 'ci-pipeline'], {
      env: { XDG_CACHE_HOME: fx.temp() },
      progress: spinner.sink,
    });
    expect(r.code).toBe(0);
    expect(spinner.shown).toContain(`Auditing ${url}: cloning`);
    expect(spinner.shown.at(-1)).toBe(`Auditing ${url}: running rules 1/1`);
  });

  it('several repositories: the count and what is left, not the phases of each', async () => {
    const spinner = recordingSpinner();
    const r = await cli(['audit', fx.build(bare), fx.build(wellRun), '--now', NOW, '--concurrency', '1'], {
      env: {},
      progress: spinner.sink,
    });
    expect(r.code).toBe(0);
    expect(spinner.shown.filter((t) => /: (opening|reading history|running rules)/.test(t))).toEqual([]);
    expect(spinner.shown.at(-1)).toBe('Audited 2/2');
  });

  it('no spinner with --quiet or under CI, even on a terminal; no phases in CI logs', async () => {
    const repo = fx.build(bare);
    for (const [args, env] of [
      [['--quiet'], {}],
      [[], { CI: 'true' }],
    ] as const) {
      const spinner = recordingSpinner();
      const r = await cli(['audit', repo, '--now', NOW, ...args], { env, progress: spinner.sink });
      expect(spinner.shown).toEqual([]);
      expect(r.stderr).toBe('');
    }
  });
});
