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
