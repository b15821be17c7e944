import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wellRun } from '../../fixtures/repos.ts';
import { BlobReader } from '../../src/git/blob-reader.ts';
import { type GitOptions, runGit } from '../../src/git/run.ts';
import { mineHistory } from '../../src/history/mine.ts';
import { fixtures } from '../helpers.ts';
import { tracingGit } from '../tracing-git.ts';

const fx = fixtures();

/** A `git` first on PATH that notes its subcommand and the GIT_FLUSH it was given. */
function flushTracingGit(): { options: GitOptions; calls: () => string[] } {
  // The subcommand is the first argument that is not an option or the value of -c / -C.
  const traced = tracingGit(fx.temp(), {
    before: `sub=''\nskip=0\nfor a in "$@"; do\n  if [ $skip = 1 ]; then skip=0; continue; fi\n  case "$a" in -c|-C) skip=1 ;; -*) ;; *) sub="$a"; break ;; esac\ndone`,
    record: '"$sub ${GIT_FLUSH-unset}"',
  });
  return { options: { env: { PATH: `${traced.dir}:${process.env.PATH}` } }, calls: traced.calls };
}

describe('git output read to the end is not flushed commit by commit', () => {
  it('mines with GIT_FLUSH=0 in one walk and in chunks, runs one-shot commands so, and leaves cat-file --batch alone', async () => {
    const repo = fx.build(wellRun);
    const gitDir = join(repo, '.git');
    const traced = flushTracingGit();
    const head = (await runGit(repo, ['rev-parse', 'HEAD'], traced.options)).stdout.trim();
    const serial = await mineHistory(gitDir, head, { git: traced.options });
    const chunked = await mineHistory(gitDir, head, { jobs: 2, chunkCommits: 1, git: traced.options });
    expect(chunked).toEqual(serial);
    expect(serial.graph.shas.length).toBeGreaterThan(3);
    const tree = (await runGit(repo, ['ls-tree', '-r', 'HEAD'], traced.options)).stdout.trim().split('\n');
    const blob = tree[0]!.split(/\s+/)[2]!;
    const reader = new BlobReader(repo, traced.options);
    expect(await reader.read(blob)).toHaveProperty('bytes');
    reader.close();

    const calls = traced.calls();
    expect(calls.filter((c) => c.startsWith('log ')).length).toBeGreaterThan(1);
    expect(calls).toContain('rev-list 0');
    for (const call of calls) {
      const [sub, flush] = call.split(' ');
      expect(call).toBe(sub === 'cat-file' ? 'cat-file unset' : `${sub} 0`);
      expect(flush).toBeDefined();
    }
  });
});
