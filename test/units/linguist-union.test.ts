import { describe, expect, it } from 'vitest';
import { LINGUIST_CASES } from '../../fixtures/linguist.ts';
import { DOCUMENTATION, VENDOR } from '../../src/util/linguist/data.ts';
import { anyOf, testEquivalent } from '../../src/util/linguist/union.ts';

/** Paths made from the patterns' own words, in and out of place, and every path of the Linguist fixture. */
function corpus(patterns: readonly string[]): string[] {
  const words = new Set<string>();
  for (const pattern of patterns) {
    const plain = pattern
      .replace(/\(\^\|\\\/\)|\^|\$/g, '')
      .replace(/\\\//g, '/')
      .replace(/\\\./g, '.')
      .replace(/\[([A-Za-z])[A-Za-z]\]/g, '$1')
      .replace(/\(([^|()]*)\|[^()]*\)/g, '$1')
      .replace(/[^A-Za-z0-9_./~ -]/g, '');
    words.add(plain);
    words.add(plain.toLowerCase());
    words.add(plain.replace(/\/$/, ''));
  }
  const paths = new Set<string>(Object.keys(LINGUIST_CASES));
  for (const word of words)
    for (const before of ['', 'lib/', 'a b/', 'src/x-', 'deep/er/'])
      for (const after of ['', 'file.js', '/x.css', '.d.ts', '\nnext', 'import.scss', '.min.js']) paths.add(`${before}${word}${after}`);
  return [...paths];
}

describe('Linguist path lists tested in parts', () => {
  for (const [name, list] of [
    ['vendor.yml', VENDOR],
    ['documentation.yml', DOCUMENTATION],
  ] as const) {
    it(`${name}: the parts answer as Linguist's joined pattern on every path`, () => {
      const joined = new RegExp(list.join('|'), 'm');
      const parts = anyOf(list);
      const paths = corpus(list);
      expect(paths.length).toBeGreaterThan(1000);
      const differ = paths.filter((p) => parts(p) !== joined.test(p));
      expect(differ).toEqual([]);
      // Both answers occur: the corpus reaches into the lists.
      expect(paths.filter((p) => joined.test(p)).length).toBeGreaterThan(paths.length / 10);
      expect(paths.filter((p) => !joined.test(p)).length).toBeGreaterThan(paths.length / 10);
      for (const pattern of list) {
        const own = new RegExp(pattern, 'm');
        const cheap = new RegExp(testEquivalent(pattern), 'm');
        expect(
          paths.filter((p) => own.test(p) !== cheap.test(p)),
          pattern,
        ).toEqual([]);
      }
    });
  }

  it('keeps a pattern whole where a part would change it', () => {
    expect(testEquivalent('([^/]*)x$')).toBe('x$');
    expect(testEquivalent('([^/]*)+x')).toBe('([^/]*)+x');
    expect(testEquivalent(String.raw`([a-z]*)x\1`)).toBe(String.raw`([a-z]*)x\1`);
    const mixed = ['^a|b', String.raw`(^|\/)c|d$`, String.raw`(^|\/)e\/`];
    const joined = new RegExp(mixed.join('|'), 'm');
    for (const text of ['a', 'xb', 'd', 'cd', 'x/c', 'xd', 'e/', 'ae/', 'zz', 'x\na'])
      expect(anyOf(mixed)(text), text).toBe(joined.test(text));
  });
});
