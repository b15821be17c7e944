// blueprint.yml's globs: picomatch's dialect as people write it, matched without regular
// expressions so that no glob can hang an audit.
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { GlobError, globMatcher, globProblem, MAX_GLOB_EXPANSIONS } from '../../src/util/glob.ts';

const PATTERNS = [
  '*',
  '**',
  '*.js',
  'src/**',
  'src/**/*.ts',
  '**/*.md',
  '**/node_modules/**',
  'docs/*',
  'docs/**/*.md',
  '.github/**',
  'a/**/b',
  '**/x',
  'a**b',
  'a/**b',
  'x?',
  '?.md',
  'src/{a,b}/**',
  '*.{js,ts}',
  '{a,b}/**',
  'src/{a,{b,c}}/*.ts',
  'a{,b}',
  '{a/b,c}/x',
  'a\\*',
  'release/*',
  'feature-*',
  '[ab]*',
  'app/[slug]/**',
  '[a-c]x',
  'lib/',
  'lib/**/',
  './src/**',
  '!src/**',
  '!*.md',
  '**/.git/**',
  'a/*/c',
  'a/*/*/d',
  '**/*',
  'a{b}',
  'a{}',
  '{}',
  'a{b,c',
  'a.b',
  'a+b',
  'a$b',
  '#a',
  'api/v?/**',
  '{{a,b},c}d',
  'x/{a,b}*',
  'services/*/src/**',
  '*test*',
  '**/*.test.{js,ts}',
  '[0-9]*.md',
  '[[:digit:]]*',
];
const PATHS = [
  'a',
  'b',
  'a.js',
  'a.ts',
  'x.md',
  '.a',
  '.github/workflows/ci.yml',
  'src',
  'src/a',
  'src/a/b.ts',
  'src/b/c.ts',
  'src/c/x.ts',
  'src/.hidden/x',
  'docs/a.md',
  'docs/b/c.md',
  'x/docs/a.md',
  'a/b',
  'a/x/b',
  'a/x/y/b',
  'axxb',
  'ax/xb',
  'a/xb',
  'a/x/xb',
  'x',
  'y/x',
  'x1',
  'node_modules/x',
  'a/node_modules',
  'a/node_modules/b',
  'release/1.0',
  'release/1/2',
  'feature-x',
  'bx',
  'b1',
  'ab',
  'a*',
  'app/[slug]/page.tsx',
  'app/s/page.tsx',
  'lib',
  'lib/a',
  'lib/a/b',
  'a/b/c',
  'a/q/c',
  'a/q/r/d',
  'x/a',
  'x/ab',
  'x/c',
  '.git/x',
  'a/.git/b',
  'a{b}',
  'a{}',
  '{}',
  'a{b,c',
  'a.b',
  'axb',
  'a+b',
  'a$b',
  '#a',
  'api/v1/x',
  'api/v10/x',
  'ad',
  'bd',
  'cd',
  'services/s1/src/a.ts',
  'services/s1/test/a.ts',
  'foo.test.ts',
  'a/b.test.js',
  '1a.md',
  'a1.md',
  '7x',
  'a/b/c/d/e.md',
];

describe('globs: what picomatch matched, without its regular expressions', () => {
  it('agrees with picomatch (dot: true) on the globs and paths people write', () => {
    const disagree: string[] = [];
    for (const pattern of PATTERNS) {
      const theirs = picomatch(pattern, { dot: true });
      const ours = globMatcher([pattern]);
      for (const path of PATHS) if (theirs(path) !== ours(path)) disagree.push(`${pattern} ${path}: picomatch ${theirs(path)}`);
    }
    expect(disagree).toEqual([]);
  });

  it('a list matches when any glob does, a negated one matching what it does not', () => {
    const m = globMatcher(['src/**', 'lib/*.js']);
    expect([m('src/a/b'), m('lib/a.js'), m('lib/a/b.js'), m('test/x')]).toEqual([true, true, false, false]);
    expect(globMatcher([])('a')).toBe(false);
    expect(globMatcher(['!vendor/**'])('vendor/a')).toBe(false);
    expect(globMatcher(['!vendor/**'])('src/a')).toBe(true);
  });

  it('expands ranges as numbers and letters, padded, stepped, backwards (picomatch read {1..10} as [1-10])', () => {
    const m = (glob: string, paths: string[]) => paths.filter(globMatcher([glob]));
    expect(m('v{1..10}', ['v0', 'v1', 'v7', 'v10', 'v11'])).toEqual(['v1', 'v7', 'v10']);
    expect(m('v{01..10}', ['v1', 'v01', 'v07', 'v10'])).toEqual(['v01', 'v07', 'v10']);
    expect(m('v{1..9..4}', ['v1', 'v2', 'v5', 'v9'])).toEqual(['v1', 'v5', 'v9']);
    expect(m('v{3..1}', ['v1', 'v2', 'v3', 'v4'])).toEqual(['v1', 'v2', 'v3']);
    expect(m('{a..c}.md', ['a.md', 'b.md', 'd.md'])).toEqual(['a.md', 'b.md']);
    expect(m('\\{a,b\\}', ['a', '{a,b}'])).toEqual(['{a,b}']);
  });

  it('classes: ranges, negation with ! or ^, POSIX names, and the bracketed text itself', () => {
    const m = (glob: string, paths: string[]) => paths.filter(globMatcher([glob]));
    expect(m('[!a]x', ['ax', 'bx', '!x'])).toEqual(['bx', '!x']);
    expect(m('[^a]x', ['ax', 'bx'])).toEqual(['bx']);
    expect(m('[[:upper:]]*', ['Readme', 'readme'])).toEqual(['Readme']);
    expect(m('app/[...slug]/**', ['app/[...slug]/page.tsx', 'app/s/page.tsx', 'app/x/page.tsx'])).toEqual([
      'app/[...slug]/page.tsx',
      'app/s/page.tsx',
    ]);
    expect(m('[]]', [']', 'a'])).toEqual([']']);
    expect(m('a[', ['a[', 'a'])).toEqual(['a[']);
  });

  // Before: picomatch's regex backtracked through every way of splitting the name among the
  // stars: minutes for one 100-character name.
  it('*a*a*a*a*a*a*a*b against long names takes no time', { timeout: 20_000 }, () => {
    const m = globMatcher(['*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*a*a*b/**', '{x,*a*a*a*a*a*a*a*b}']);
    const names = Array.from({ length: 50 }, (_, i) => `src/${'a'.repeat(100 + i)}`);
    expect(names.filter(m)).toEqual([]);
    expect(m(`${'a'.repeat(100)}b`)).toBe(true);
    expect(m(`src/${'a'.repeat(100)}b/c.js`)).toBe(true);
  });

  it('refuses groups and extglobs, and braces that expand past the cap, saying what to write', () => {
    for (const glob of ['src/@(a|b)/**', '(a|b).js', '!(vendor)/**', 'x/+(a).js']) {
      expect(() => globMatcher([glob])).toThrow(GlobError);
      expect(globProblem(glob)).toEqual({
        message: `the glob '${glob}' uses a ( ) group or extglob, which blueprint does not support`,
        hint: expect.stringMatching(/alternatives as \{a,b\}.*\\\(/),
      });
    }
    expect(globMatcher(['Copy \\(2\\).txt'])('Copy (2).txt')).toBe(true);
    expect(globMatcher(['a(b'])('a(b')).toBe(true);
    const huge = '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}';
    expect(globProblem(huge)?.message).toBe(`the glob '${huge}' expands to more than ${MAX_GLOB_EXPANSIONS.toLocaleString('en')} patterns`);
    expect(globProblem('{1..100000}')?.message).toMatch(/expands to more than 1,000 patterns/);
    expect(globProblem('v{1..1000}')).toBeNull();
    expect(globProblem('')?.message).toMatch(/empty glob/);
  });
});
