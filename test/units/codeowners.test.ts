// CODEOWNERS semantics, tested against the example file of GitHub's documentation
// ("About code owners"), line for line, plus the cases npm packages are known to get wrong.
import { describe, expect, it } from 'vitest';
import { parseCodeowners } from '../../src/util/codeowners.ts';

const GITHUB_EXAMPLE = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence. When someone opens a pull request that only
# modifies JS files, only @js-owner and not the global
# owner(s) will be requested for a review.
*.js    @js-owner #This is an inline comment.

# You can also use email addresses if you prefer. They'll be
# used to look up users just like we do for commit author
# emails.
*.go docs@example.com

# Teams can be specified as code owners as well. Teams should
# be identified in the format @org/team-name. Teams must have
# explicit write access to the repository. In this example,
# the octocats team in the octo-org organization owns all .txt files.
*.txt @octo-org/octocats

# In this example, @doctocat owns any files in the build/logs
# directory at the root of the repository and any of its
# subdirectories.
/build/logs/ @doctocat

# The \`docs/*\` pattern will match files like
# \`docs/getting-started.md\` but not further nested files like
# \`docs/build-app/troubleshooting.md\`.
docs/*  docs@example.com

# In this example, @octocat owns any file in an apps directory
# anywhere in your repository.
apps/ @octocat

# In this example, @doctocat owns any file in the \`/docs\`
# directory in the root of your repository and any of its
# subdirectories.
/docs/ @doctocat

# In this example, any change inside the \`/scripts\` directory
# will require approval from @doctocat or @octocat.
/scripts/ @doctocat @octocat

# In this example, @octocat owns any file in a \`/logs\` directory such as
# \`/build/logs\`, \`/scripts/logs\`, and \`/deeply/nested/logs\`. Any changes
# in a \`/logs\` directory will require approval from @octocat.
**/logs @octocat

# In this example, @octocat owns any file in the \`/apps\`
# directory in the root of your repository except for the \`/apps/github\`
# subdirectory, as its owners are left empty.
/apps/ @octocat
/apps/github
`;

const GLOBAL = ['@global-owner1', '@global-owner2'];

describe("CODEOWNERS: the example of GitHub's documentation", () => {
  const co = parseCodeowners(GITHUB_EXAMPLE);

  it('parses every rule and no error', () => {
    expect(co.errors).toEqual([]);
    expect(co.rules.map((r) => r.pattern)).toEqual([
      '*',
      '*.js',
      '*.go',
      '*.txt',
      '/build/logs/',
      'docs/*',
      'apps/',
      '/docs/',
      '/scripts/',
      '**/logs',
      '/apps/',
      '/apps/github',
    ]);
  });

  it.each<[string, string[] | null]>([
    ['README.md', GLOBAL],
    ['src/deep/index.js', ['@js-owner']], // the inline comment is not an owner
    ['cmd/main.go', ['docs@example.com']],
    ['notes/todo.txt', ['@octo-org/octocats']],
    ['build/logs/today.log', ['@octocat']], // **/logs comes later than /build/logs/ and wins
    ['build/logs/2026/today.log', ['@octocat']],
    ['build/other.txt', ['@octo-org/octocats']],
    ['docs/getting-started.md', ['@doctocat']], // docs/* matches, /docs/ later wins
    ['docs/build-app/troubleshooting.md', ['@doctocat']],
    ['apps/web/index.html', ['@octocat']],
    ['services/apps/index.html', ['@octocat']], // apps/ at any depth
    ['apps/github/index.html', []], // deliberately unowned
    ['apps/github/deep/x.js', []],
    ['apps/githubber/x.html', ['@octocat']],
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['scripts/logs/out.log', ['@octocat']],
    ['deeply/nested/logs/a.log', ['@octocat']],
  ])('%s', (path, owners) => {
    expect(co.ownersOf(path)).toEqual(owners);
  });
});

describe('CODEOWNERS: semantics that libraries get wrong', () => {
  it('matches case-sensitively', () => {
    const co = parseCodeowners('*.js @js\n/Docs/ @docs\n');
    expect(co.ownersOf('a.JS')).toBeNull();
    expect(co.ownersOf('a.js')).toEqual(['@js']);
    expect(co.ownersOf('docs/a.md')).toBeNull();
    expect(co.ownersOf('Docs/a.md')).toEqual(['@docs']);
  });

  it('docs/* does not match files in sub-folders, nor docs/ below the top', () => {
    const co = parseCodeowners('docs/* @d\n');
    expect(co.ownersOf('docs/a.md')).toEqual(['@d']);
    expect(co.ownersOf('docs/b/c.md')).toBeNull();
    expect(co.ownersOf('x/docs/a.md')).toBeNull();
  });

  it('a pattern without owners makes its files unowned, overriding earlier rules', () => {
    const co = parseCodeowners('* @all\nvendor/\n');
    expect(co.ownersOf('vendor/lib.js')).toEqual([]);
    expect(co.ownersOf('src/x.js')).toEqual(['@all']);
  });

  it('leading / anchors; a trailing / matches a folder at any depth when not anchored', () => {
    const co = parseCodeowners('/build/ @root\nlogs/ @logs\n');
    expect(co.ownersOf('build/x')).toEqual(['@root']);
    expect(co.ownersOf('src/build/x')).toBeNull();
    expect(co.ownersOf('a/b/logs/x')).toEqual(['@logs']);
    expect(co.ownersOf('logs')).toBeNull(); // a trailing / matches folders only
  });

  it('* and ** in every position', () => {
    const co = parseCodeowners('src/**/test.js @a\nlib/** @b\n**/fixtures/*.json @c\n');
    expect(co.ownersOf('src/test.js')).toEqual(['@a']);
    expect(co.ownersOf('src/x/y/test.js')).toEqual(['@a']);
    expect(co.ownersOf('lib/a/b.c')).toEqual(['@b']);
    expect(co.ownersOf('lib')).toBeNull();
    expect(co.ownersOf('a/fixtures/x.json')).toEqual(['@c']);
    expect(co.ownersOf('a/fixtures/y/x.json')).toBeNull();
  });

  it('skips !, [ ] and \\# lines and invalid owners, reporting each with its line number', () => {
    const co = parseCodeowners('* @all\n!*.md @x\n*.[ch] @c\n\\#notes @n\n*.py not-an-owner\n*.rb @good @bad/\n*.go @o # fine\n');
    expect(co.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(co.errors[0]!.message).toMatch(/negation/);
    expect(co.errors[1]!.message).toMatch(/character ranges/);
    expect(co.errors[2]!.message).toMatch(/escaping a leading #/);
    expect(co.errors[3]!.message).toMatch(/invalid owner 'not-an-owner'/);
    expect(co.rules.map((r) => r.pattern)).toEqual(['*', '*.go']);
    expect(co.ownersOf('a.py')).toEqual(['@all']);
  });

  it('accepts users, org teams and e-mail addresses as owners', () => {
    const co = parseCodeowners('* @octo-cat @my-org/team.name_1 someone@example.co.uk\n');
    expect(co.errors).toEqual([]);
    expect(co.ownersOf('x')).toEqual(['@octo-cat', '@my-org/team.name_1', 'someone@example.co.uk']);
    expect(parseCodeowners('* @-bad\n').errors).toHaveLength(1);
    expect(parseCodeowners('* @double--hyphen\n').errors).toHaveLength(1);
  });
});

// The regular expression each pattern compiled to until the matcher replaced it: an oracle for
// the semantics above, on inputs short enough that its backtracking does not matter.
function regexOf(pattern: string): RegExp {
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  const anchored = pattern.startsWith('/') || body.includes('/');
  const segments = body.split('/');
  let re = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += segment
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]');
    if (!last) re += '/';
  });
  const suffix = dirOnly ? '/.*$' : segments[segments.length - 1] === '*' ? '$' : '(?:/.*)?$';
  return new RegExp((anchored ? '^' : '^(?:[^/]+/)*') + re + suffix);
}

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  return {
    int: (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n,
    pick<T>(items: readonly T[]): T {
      return items[this.int(items.length)]!;
    },
  };
}

const PATTERN_SEGMENTS = ['a', 'b', 'ab', 'a.js', 'b.md', '*', '**', '*.js', 'a*', '*b', '?', 'a?', '?.md', 'x.y', '*a*', 'a*b*c'];
const PATH_SEGMENTS = ['a', 'b', 'ab', 'a.js', 'b.md', 'c', 'x.y', 'abc', 'aXbYc', 'ba', '.a', 'aa'];

function randomPattern(r: ReturnType<typeof random>): string {
  let p = Array.from({ length: 1 + r.int(4) }, () => r.pick(PATTERN_SEGMENTS)).join('/');
  if (r.int(3) === 0) p = `/${p}`;
  if (r.int(3) === 0) p += '/';
  return p;
}
const randomPath = (r: ReturnType<typeof random>) => Array.from({ length: 1 + r.int(5) }, () => r.pick(PATH_SEGMENTS)).join('/');

describe('CODEOWNERS: matching without backtracking', () => {
  it('matches every pattern as the regular expressions did', () => {
    const r = random(42);
    const wrong: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const pattern = randomPattern(r);
      const [rule] = parseCodeowners(`${pattern} @o\n`).rules;
      const re = regexOf(pattern);
      for (let j = 0; j < 40; j++) {
        const path = randomPath(r);
        if (rule!.matches(path) !== re.test(path)) wrong.push(`${pattern} ${path}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the last matching line wins, whichever rules the index tries', () => {
    const r = random(7);
    const wrong: string[] = [];
    for (let k = 0; k < 300; k++) {
      const co = parseCodeowners(Array.from({ length: 1 + r.int(40) }, (_, i) => `${randomPattern(r)} @o${i}`).join('\n'));
      for (let j = 0; j < 100; j++) {
        const path = randomPath(r);
        const last = [...co.rules].reverse().find((rule) => rule.matches(path));
        if (co.ownersOf(path) !== (last?.owners ?? null)) wrong.push(`${co.rules.map((x) => x.pattern).join(' ')} | ${path}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  // Before: the regex backtracked through every way of splitting the name among the stars, for
  // minutes per file. Now the cost is the pattern's length times the path's.
  it('*a*a*a*a*a*a*a*b against long names takes no time', { timeout: 20_000 }, () => {
    const co = parseCodeowners('* @all\n*a*a*a*a*a*a*a*b @alice\n/src/**/*a*a*a*a*a*a*a*b/ @bob\n');
    const names = Array.from({ length: 50 }, (_, i) => `src/${'a'.repeat(100 + i)}`);
    expect(names.map((n) => co.ownersOf(n))).toEqual(names.map(() => ['@all']));
    expect(co.ownersOf(`${'a'.repeat(100)}b`)).toEqual(['@alice']);
    expect(co.ownersOf(`src/x/${'a'.repeat(100)}b/c.js`)).toEqual(['@bob']);
  });

  // Before: every file was tried against every line, 37 s for 10,000 lines on 20,000 files.
  it('20,000 lines over 20,000 files: each file is tried only against the lines that could match it', { timeout: 30_000 }, () => {
    const lines = ['* @org/everyone'];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        `/services/svc-${i}/ @org/team-${i % 97}`,
        `/services/svc-${i}/db/*.sql @dba-${i % 7}`,
        `**/fixtures-${i}/ @qa`,
        `*.ext${i} @ext-${i % 13}`,
      );
    }
    const co = parseCodeowners(lines.join('\n'));
    expect(co.rules).toHaveLength(20_001);
    const paths = Array.from({ length: 20_000 }, (_, i) =>
      i % 4 === 0
        ? `services/svc-${i % 5000}/db/m${i}.sql`
        : i % 4 === 1
          ? `services/svc-${i % 5000}/src/fixtures-${i % 5000}/a.json`
          : i % 4 === 2
            ? `tools/t${i}.ext${i % 5000}`
            : `docs/page-${i}.md`,
    );
    const owners = paths.map((p) => co.ownersOf(p));
    expect(owners[0]).toEqual(['@dba-0']);
    expect(owners[1]).toEqual(['@qa']);
    expect(owners[2]).toEqual([`@ext-${2 % 13}`]);
    expect(owners[3]).toEqual(['@org/everyone']);
    expect(owners[4]).toEqual([`@dba-${4 % 7}`]);
    expect(co.ownersOf('services/svc-12/README.md')).toEqual([`@org/team-${12 % 97}`]);
  });
});
