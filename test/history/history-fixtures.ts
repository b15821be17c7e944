/** Fixture histories for the history layer's tests: merges of old branches, skewed and equal dates, renames, a mailmap. */
import type { FixtureCommit, FixtureSpec } from '../../fixtures/builder.ts';
import { gitIn } from '../../fixtures/builder.ts';

export const AUTHORS = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  ada2: { name: 'A. Lovelace', email: 'ada@old.example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
  linus: { name: 'Linus Torvalds', email: 'linus@example.com' },
};

const day = (d: number, h = 0) => `2026-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;

/**
 * main: v1 (4 commits), then a merge of a feature branch whose commit dates lie before v1 (v2), a
 * rename, two commits at the same second, a .mailmap (v3), one more commit. Besides: `rewritten`
 * (main rewritten from v1: a force-push), `topic` from v1 and `topic-rebased` (the same work on
 * top of main).
 */
export const SCENARIO: FixtureSpec = {
  authors: AUTHORS,
  commits: [
    { author: 'ada', date: day(1), files: { 'a.js': 'a1', 'b.js': 'b1', 'lib/c.js': 'c\n'.repeat(40) } },
    { author: 'grace', date: day(2), files: { 'a.js': 'a2' } },
    { branch: 'feature', author: 'linus', date: day(3), files: { 'feat.js': 'f1' } },
    { author: 'ada', date: day(4), files: { 'b.js': 'b2' }, tag: 'v1' },
    { branch: 'feature', author: 'linus', date: day(5), committed: day(2, 6), files: { 'feat.js': 'f2', 'a.js': 'a-feature' } },
    { author: 'grace', date: day(6), files: { 'lib/c.js': null, 'lib/d.js': 'c\n'.repeat(40) } },
    { author: 'ada', date: day(7), merge: ['feature'], files: { 'a.js': 'a-merged' }, tag: 'v2' },
    { author: 'ada2', date: day(8), files: { 'a.js': 'a3' } },
    { author: 'linus', date: day(8), files: { 'b.js': 'b3' } },
    { author: 'ada', date: day(9), files: { '.mailmap': 'Ada Lovelace <ada@example.com> A. Lovelace <ada@old.example.com>\n' }, tag: 'v3' },
    { author: 'grace', date: day(10), files: { 'a.js': 'a4', 'lib/d.js': 'd changed\n'.repeat(40) } },
    { branch: 'rewritten', from: 'v1', author: 'grace', date: day(11), files: { 'a.js': 'rewritten' } },
    { branch: 'topic', from: 'v1', author: 'linus', date: day(12), files: { 'topic.js': 't1' } },
    { branch: 'topic', author: 'linus', date: day(13), files: { 'topic.js': 't2' } },
    { branch: 'topic-rebased', from: 'main', author: 'linus', date: day(12), committed: day(14), files: { 'topic.js': 't1' } },
    { branch: 'topic-rebased', author: 'linus', date: day(13), committed: day(14), files: { 'topic.js': 't2' } },
  ],
};

/** A small deterministic random number generator, so that the generated history is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A longer history: a trunk with branches that live for a while and are merged back (some merged
 * twice, some with commit dates older than the trunk's), renames, deletions, several authors.
 */
export function generatedHistory(commits: number, seed = 7): FixtureSpec {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const people = Object.keys(AUTHORS).filter((a) => a !== 'ada2');
  const list: FixtureCommit[] = [];
  const files = new Map<string, string>();
  let clock = Date.parse('2025-01-01T00:00:00Z') / 1000;
  const iso = (t: number) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const open: string[] = [];
  let branches = 0;
  for (let i = 0; i < commits; i++) {
    clock += 600 + Math.floor(next() * 7200);
    const roll = next();
    const author = pick(people);
    const change: Record<string, string | null> = {};
    const existing = [...files.keys()];
    if (existing.length < 3 || roll < 0.3) {
      const path = `src/m${Math.floor(next() * 40)}/f${i}.js`;
      change[path] = `${i}\n`.repeat(30);
    } else if (roll < 0.4) {
      const from = pick(existing);
      change[from] = null;
      change[`${from.replace(/\.js$/, '')}-r${i}.js`] = files.get(from)!;
    } else if (roll < 0.45) {
      change[pick(existing)] = null;
    } else {
      change[pick(existing)] = `${i} ${next()}\n`.repeat(30);
    }
    for (const [path, content] of Object.entries(change)) {
      if (content === null) files.delete(path);
      else files.set(path, content);
    }
    const side = next();
    if (side < 0.12) {
      const name = `b${branches++}`;
      open.push(name);
      // Commit dates up to two days in the past: a rebased or long-lived branch.
      list.push({ branch: name, author, date: iso(clock - 86400), committed: iso(clock - Math.floor(next() * 172800)), files: change });
    } else if (side < 0.3 && open.length) {
      list.push({ branch: pick(open), author, date: iso(clock), committed: iso(clock - Math.floor(next() * 90000)), files: change });
    } else if (side < 0.4 && open.length) {
      const branch = open.splice(Math.floor(next() * open.length), 1)[0]!;
      list.push({ author, date: iso(clock), merge: [branch], files: change });
      if (next() < 0.3) open.push(branch);
    } else {
      // Now and then two commits at the same second.
      list.push({ author, date: iso(next() < 0.1 ? clock - 600 : clock), files: change });
    }
  }
  return { authors: AUTHORS, commits: list };
}

export function revParse(dir: string, rev: string): string {
  return gitIn(dir, ['rev-parse', `${rev}^{commit}`]).trim();
}

/** The commits on main's first-parent line, newest first. */
export function firstParents(dir: string): string[] {
  return gitIn(dir, ['rev-list', '--first-parent', 'main']).trim().split('\n');
}
