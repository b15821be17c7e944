import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { audit } from '../../src/index.ts';
import { messageMatcher, messageScan } from '../../src/history/search.ts';
import { openLocalRepo } from '../../src/sources/local.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();

/** Messages where JavaScript's and git's regular expressions could part: cases, line starts, bytes. */
const MESSAGES = [
  'Revert "Add checkout"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
  'revert the cache change',
  '  Revert indented, no line start',
  'REVERT in capitals',
  'Fix a bug\rRevert after a carriage return',
  'Line one\u2028Revert after a line separator',
  'Body mentions it\n\nthis REVERTS commit abc1234 in the body',
  'Merge pull request #12 from ada/search\n\nSearch',
  'Add search (#34)',
  'Add search (#) no number',
  'merge pull request #56 lower case',
  'Ship 3 files',
  'Déjà vu: Revert with accents before',
  'Ends with revert',
  'Ends with revert\nand another line',
  'fixes the fix',
  '',
];

const spec: FixtureSpec = {
  commits: MESSAGES.map((message, i) => ({
    date: `2026-0${1 + Math.floor(i / 9)}-${String(1 + (i % 9) * 3).padStart(2, '0')}T10:00:00Z`,
    message,
    files: { [`file-${i % 4}.txt`]: `change ${i}\n`, ...(i === 0 && { 'blueprint.yml': 'kind: library\n' }) },
    ...(i % 5 === 4 && { tag: `v1.${i}.0` }),
  })),
};

const PATTERNS = [
  '^Revert |This reverts commit',
  String.raw`\(#[0-9]+\)|^Merge pull request #[0-9]+`,
  'revert$',
  '^(fix|ship)(es)? ',
  '[0-9]+ files',
  'accents',
];

/** A `git` first on PATH that notes the arguments of every `log` it runs. */
function loggingGit(): { env: Record<string, string>; logs: () => string[] } {
  const dir = fx.temp();
  const log = join(dir, 'calls.log');
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(log, '');
  writeFileSync(join(dir, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, 'git'), 0o755);
  return { env: { PATH: `${dir}:${process.env.PATH}` }, logs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('message searches answered by the walk that lists the history', () => {
  it('accepts only patterns on which JavaScript and git agree', () => {
    for (const pattern of PATTERNS) expect(messageMatcher(pattern), pattern).not.toBeNull();
    for (const pattern of [
      'a.b',
      '[^a]',
      String.raw`\w+`,
      String.raw`\'`,
      'a{2}',
      'a||b',
      '(|a)',
      '()',
      '*a',
      'a**',
      'a*?',
      '[a-]',
      '[z-a]',
      '[[:alpha:]]',
      'déjà',
      '',
      '(a',
      'a)',
    ])
      expect(messageMatcher(pattern), pattern).toBeNull();
  });

  it('gives what git log --grep gives, with no git search of its own', async () => {
    const dir = fx.build(spec);
    const searched = await openLocalRepo(dir, { cacheDir: null, historyJobs: 1 });
    const expected = await Promise.all(PATTERNS.map((pattern) => searched.view.searchCommits(pattern)));
    const git = loggingGit();
    const path = process.env.PATH;
    process.env.PATH = git.env.PATH;
    const scanned = await openLocalRepo(dir, { cacheDir: fx.temp(), historyJobs: 2 });
    try {
      scanned.expectSearches?.(PATTERNS);
      await scanned.view.history();
      for (const [i, pattern] of PATTERNS.entries()) expect(await scanned.view.searchCommits(pattern), pattern).toEqual(expected[i]);
      expect(git.logs().filter((call) => call.includes('--grep'))).toEqual([]);
      expect(git.logs().filter((call) => call.includes('%B'))).toHaveLength(1);
      process.env.PATH = path;
      expect((await searched.view.searchCommits('^Revert |This reverts commit')).map((c) => c.message)).toEqual(
        [MESSAGES[6], MESSAGES[3], MESSAGES[1], MESSAGES[0]].map((m) => m!.trim()),
      );
      expect(await scanned.view.searchCommits('^Revert |This reverts commit', 2)).toEqual(
        await searched.view.searchCommits('^Revert |This reverts commit', 2),
      );
    } finally {
      process.env.PATH = path;
      scanned.close();
      searched.close();
    }
  });

  it('spares a cold audit its delivery searches: the report is the one the searches by git give', async () => {
    const dir = fx.build(spec);
    const now = new Date('2026-03-01T00:00:00Z');
    const bySearch = await audit({ targets: [dir], now, cacheDir: fx.temp(), historyJobs: 1 });
    const git = loggingGit();
    const path = process.env.PATH;
    process.env.PATH = git.env.PATH;
    try {
      const byScan = await audit({ targets: [dir], now, cacheDir: fx.temp(), historyJobs: 2 });
      expect(git.logs().filter((call) => call.includes('--grep'))).toEqual([]);
      expect(git.logs().filter((call) => call.includes('%B'))).toHaveLength(1);
      const delivery = (report: typeof byScan) => report.repos[0]!.rules.find((r) => r.id === 'delivery');
      expect(delivery(byScan)?.status, JSON.stringify(delivery(byScan))).not.toBe('skip');
      expect(delivery(byScan)).toEqual(delivery(bySearch));
    } finally {
      process.env.PATH = path;
    }
  });

  it('keeps only the newest matches a search returns, and leaves to git a search whose output git would cut', () => {
    const pattern = String.raw`\(#[0-9]+\)|^Merge pull request #[0-9]+`;
    // 40 commits, some sharing an author time (ties go by hash), every other one a match.
    const commits = Array.from({ length: 40 }, (_, i) => ({
      sha: (i * 7919).toString(16).padStart(40, '0'),
      at: 1_700_000_000 + (i % 13) * 3600,
      message: i % 2 ? `Change ${i} (#${i})\n` : `Change ${i}\n`,
    }));
    const matches = commits.filter((c) => c.message.includes('(#'));
    const byNewest = [...matches].sort((a, b) => b.at - a.at || (a.sha < b.sha ? -1 : 1)).map((c) => c.sha);
    const run = (bounds: { keep?: number; maxBytes?: number }) => {
      const scan = messageScan([pattern], bounds)!;
      for (const c of commits) scan.add(c.sha, c.at, c.message);
      scan.finish();
      return scan.answers().get(pattern);
    };
    // Fewer kept than match: the newest, in a search's order, however the walk met them.
    expect(run({ keep: 3 })?.found.map((c) => c.sha)).toEqual(byNewest.slice(0, 3));
    expect(run({ keep: 7 })?.found.map((c) => c.sha)).toEqual(byNewest.slice(0, 7));
    expect(run({})?.found.map((c) => c.sha)).toEqual(byNewest);
    expect(run({})?.complete).toBe(true);
    // Each match is counted as git would write it (hash, time, message, separators): past the bound, no answer.
    const written = matches.reduce((sum, c) => sum + 40 + 1 + 10 + 1 + Buffer.byteLength(c.message) + 2, 0);
    expect(run({ keep: 3, maxBytes: written * 2 })).toBeDefined();
    expect(run({ keep: 3, maxBytes: written })).toBeUndefined();
  });
});
