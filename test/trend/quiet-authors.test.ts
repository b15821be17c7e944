import { expect, it } from 'vitest';
import { trend } from '../../src/index.ts';
import { DEFAULT_AUTHORS } from '../../src/testing/spec.ts';
import { fixtures } from '../helpers.ts';
import { TIMELINE } from './timeline-fixture.ts';

const fx = fixtures();

it('a drop names who stopped committing in the year before, not everyone who ever committed', async () => {
  // Margaret committed once, more than a year before Linus left the activity window.
  const dir = fx.build({
    ...TIMELINE,
    authors: { ...DEFAULT_AUTHORS, margaret: { name: 'Margaret Hamilton', email: 'margaret@example.com' } },
    commits: [
      { author: 'margaret', date: '2024-03-01T10:00:00Z', message: 'Notes', files: { 'NOTES.md': 'Early notes.\n' } },
      ...TIMELINE.commits,
    ],
  });
  const report = await trend({
    cwd: dir,
    targets: ['.'],
    since: '2026-06-15',
    every: 'month',
    until: '2026-07-15',
    now: new Date('2026-11-24T12:00:00Z'),
    cache: false,
  });
  const left = report.repos[0]!.changes.find((c) => c.rule === 'bus-factor')!;
  expect(left.direction).toBe('drop');
  expect(left.explanation).toContain('no commit in between by ');
  expect(left.explanation).toContain('Linus Torvalds (last commit 2026-02-20)');
  expect(left.explanation).not.toContain('Margaret Hamilton');
});

it('a drop of a rule that reads branches is not put on who stopped committing', async () => {
  // The branch opens the day before the first point and only ages after it; nobody commits in between.
  const dir = fx.build({
    commits: [
      { author: 'ada', date: '2026-01-05T10:00:00Z', message: 'Start', files: { 'README.md': '# Ages\n', 'src/a.js': '1\n' } },
      { author: 'grace', date: '2026-01-20T10:00:00Z', message: 'Work', files: { 'src/a.js': '2\n' } },
      { branch: 'feature/long', author: 'ada', date: '2026-01-30T10:00:00Z', message: 'Start a long branch', files: { 'src/b.js': '1\n' } },
    ],
  });
  const report = await trend({
    cwd: dir,
    targets: ['.'],
    since: '2026-01-31',
    every: '2w',
    until: '2026-02-14',
    now: new Date('2026-11-24T12:00:00Z'),
    cache: false,
  });
  const aged = report.repos[0]!.changes.find((c) => c.rule === 'branch-lifetime')!;
  expect(aged.direction).toBe('drop');
  expect(aged.explanation).toContain('the same history, seen later');
  expect(aged.explanation).not.toContain('no commit in between by');
});
