/**
 * CODEOWNERS as GitHub reads it: gitignore-style patterns, matched case-sensitively, the last
 * matching line winning; no negation, no character ranges, no `\#` escapes (such lines are
 * skipped and reported); a pattern with no owners leaves its files deliberately unowned.
 *
 * Matching costs O(pattern × path) per rule whatever the pattern (see path-pattern.ts), and each
 * path is checked only against the rules that could match it (see RuleIndex), so a file of
 * 50,000 lines over 200,000 files is not 10^10 regex runs.
 */
import {
  ANY_SEGMENT,
  charToken,
  GLOBSTAR,
  literalSegment,
  pathPattern,
  wildSegment,
  type CharToken,
  type PathPattern,
  type PathToken,
  type SegmentPattern,
} from './path-pattern.ts';

/** Where GitHub looks, in order; the first file found is the only one used. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;
/** GitHub ignores a CODEOWNERS file of 3 MB or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  matches(path: string): boolean;
}

export interface CodeownersError {
  line: number;
  message: string;
}

export interface Codeowners {
  rules: CodeownersRule[];
  errors: CodeownersError[];
  /** Owners from the last rule matching the path, or null when no rule matches. */
  ownersOf(path: string): string[] | null;
}

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9_.-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidOwner(owner: string): boolean {
  return USER.test(owner) || TEAM.test(owner) || EMAIL.test(owner);
}

function segmentOf(segment: string): SegmentPattern {
  if (!/[*?]/.test(segment)) return literalSegment(segment);
  const tokens: CharToken[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    tokens.push(c === '*' ? charToken.star : c === '?' ? charToken.any : charToken.literal(c));
  }
  return wildSegment(tokens);
}

/**
 * A pattern matches a path, or (like gitignore) a folder above it, so `apps/github` covers the
 * folder's files. A pattern ending in `/*` is the exception GitHub documents: `docs/*` matches
 * `docs/a.md` but not `docs/b/c.md`. Only `*` and `?` are wildcards; `**` as a whole segment
 * spans folders.
 */
export function compilePattern(pattern: string): PathPattern {
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  // A slash at the start or in the middle anchors the pattern to the top of the repository.
  const anchored = pattern.startsWith('/') || body.includes('/');
  const segments = body.split('/');
  const tokens: PathToken[] = anchored ? [] : [GLOBSTAR];
  segments.forEach((segment, i) => {
    if (segment !== '**') tokens.push(segmentOf(segment));
    // A trailing `**` needs something below the folder: `lib/**` does not match `lib` itself.
    else if (i === segments.length - 1) tokens.push(ANY_SEGMENT, GLOBSTAR);
    else tokens.push(GLOBSTAR);
  });
  if (dirOnly) tokens.push(ANY_SEGMENT, GLOBSTAR);
  else if (segments[segments.length - 1] !== '*') tokens.push(GLOBSTAR);
  return pathPattern(tokens);
}

/** Whether a compiled pattern matches a path. */
export function matchesPath(pattern: PathPattern, path: string): boolean {
  return pattern.matches(path.split('/'));
}

function lineError(pattern: string): string | null {
  if (pattern.startsWith('\\#')) return 'escaping a leading # with \\ is not supported in CODEOWNERS';
  if (pattern.startsWith('!')) return 'negation with ! is not supported in CODEOWNERS';
  if (/[[\]]/.test(pattern)) return 'character ranges with [ ] are not supported in CODEOWNERS';
  return null;
}

type KeyKind = 'prefix' | 'segment' | 'extension';

/**
 * What a path must have for a pattern to match it: its leading literal segments (`/src/api/*.ts`
 * needs the path to start with src/api), a literal segment somewhere (`**\/logs` needs a `logs`
 * segment), or an extension (`*.js` needs a segment ending in `.js`, so a segment whose text after
 * its last dot is `js`). Each gives a key under which the rule is filed.
 */
function keysOf(pattern: PathPattern): Array<[KeyKind, string]> {
  const keys: Array<[KeyKind, string]> = [];
  const prefix: string[] = [];
  for (const token of pattern.tokens) {
    if (token.kind !== 'segment' || token.literal === null) break;
    prefix.push(token.literal);
  }
  if (prefix.length) keys.push(['prefix', prefix.join('/')]);
  for (const token of pattern.tokens) if (token.kind === 'segment' && token.literal !== null) keys.push(['segment', token.literal]);
  for (const token of pattern.tokens) {
    if (token.kind !== 'segment' || token.literal !== null) continue;
    const dot = token.tail.lastIndexOf('.');
    if (dot >= 0) keys.push(['extension', token.tail.slice(dot + 1)]);
  }
  return keys;
}

/**
 * Rules filed by the key that the fewest rules share, so a path is tried only against the rules
 * filed under its own prefixes, segments and extensions, plus the few with no key (`*`, `*a*`).
 * The last matching line wins, so each list is walked from its highest line down, and only lines
 * above the best match so far are tried.
 */
class RuleIndex {
  private readonly lists: Record<KeyKind, Map<string, number[]>> = { prefix: new Map(), segment: new Map(), extension: new Map() };
  private readonly unkeyed: number[] = [];

  constructor(private readonly patterns: readonly PathPattern[]) {
    const keys = patterns.map(keysOf);
    const counts: Record<KeyKind, Map<string, number>> = { prefix: new Map(), segment: new Map(), extension: new Map() };
    for (const list of keys) for (const [kind, key] of list) counts[kind].set(key, (counts[kind].get(key) ?? 0) + 1);
    keys.forEach((list, rule) => {
      let best: [KeyKind, string] | null = null;
      let fewest = Infinity;
      // Ties go to the earlier key: prefixes are the most selective, then whole segments.
      for (const k of list) {
        const count = counts[k[0]].get(k[1])!;
        if (count < fewest) [best, fewest] = [k, count];
      }
      if (!best) this.unkeyed.push(rule);
      else {
        const map = this.lists[best[0]];
        const entry = map.get(best[1]);
        if (entry) entry.push(rule);
        else map.set(best[1], [rule]);
      }
    });
  }

  /** Index of the last rule matching the path, or -1. */
  lastMatch(path: string): number {
    const segments = path.split('/');
    let best = -1;
    const visit = (list: readonly number[] | undefined) => {
      if (!list) return;
      for (let k = list.length - 1; k >= 0; k--) {
        const rule = list[k]!;
        if (rule <= best) return;
        if (this.patterns[rule]!.matches(segments)) {
          best = rule;
          return;
        }
      }
    };
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1))
      visit(this.lists.prefix.get(path.slice(0, slash)));
    visit(this.lists.prefix.get(path));
    for (const segment of segments) {
      visit(this.lists.segment.get(segment));
      const dot = segment.lastIndexOf('.');
      if (dot >= 0) visit(this.lists.extension.get(segment.slice(dot + 1)));
    }
    visit(this.unkeyed);
    return best;
  }
}

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const patterns: PathPattern[] = [];
  const errors: CodeownersError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const tokens = raw.trim().split(/\s+/).filter(Boolean);
    if (!tokens.length || tokens[0]!.startsWith('#')) return;
    const [pattern, ...rest] = tokens as [string, ...string[]];
    const comment = rest.findIndex((t) => t.startsWith('#'));
    const owners = comment < 0 ? rest : rest.slice(0, comment);
    const patternError = lineError(pattern);
    if (patternError) {
      errors.push({ line, message: `${patternError}; the line is skipped` });
      return;
    }
    const bad = owners.filter((o) => !isValidOwner(o));
    if (bad.length) {
      errors.push({
        line,
        message: `invalid owner ${bad.map((b) => `'${b}'`).join(', ')} (use @user, @org/team or an e-mail address); the line is skipped`,
      });
      return;
    }
    const compiled = compilePattern(pattern);
    patterns.push(compiled);
    rules.push({ pattern, owners, line, matches: (path) => matchesPath(compiled, path) });
  });
  const index = new RuleIndex(patterns);
  return {
    rules,
    errors,
    ownersOf(path) {
      const last = index.lastMatch(path);
      return last < 0 ? null : rules[last]!.owners;
    },
  };
}
