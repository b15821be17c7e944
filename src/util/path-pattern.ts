/**
 * The matching core shared by CODEOWNERS and blueprint.yml's globs: a compiled path pattern is a
 * list of segment patterns and `**`s, matched against a path's segments without regular
 * expressions. Regexes compiled from globs backtrack: `*a*a*a*a*a*a*a*b` against a long file name
 * took minutes. Here both levels (characters within a segment, segments within a path) use the
 * classic wildcard algorithm that remembers only the last star and resumes from it, which is
 * correct because every other token matches exactly one character (one segment): a pattern of p
 * tokens and a path of n characters cost at most O(p × n) steps, whatever the pattern.
 */

/** Matches any one character but `/`. */
const ANY_CHAR = -1;
/** Matches any run of characters (within a segment). */
const STAR = -2;

/** A character code to match exactly, ANY_CHAR, STAR, or a character class. */
export type CharToken = number | ((code: number) => boolean);

/** One segment of a path pattern: literal text, or characters with wildcards. */
export interface SegmentPattern {
  kind: 'segment';
  /** The whole segment when it has no wildcard, else null. */
  literal: string | null;
  /** The literal text after the segment's last wildcard (all of it when literal). */
  tail: string;
  test(segment: string): boolean;
}

/** Zero or more whole segments: `**`. */
export interface Globstar {
  kind: 'globstar';
}

export type PathToken = SegmentPattern | Globstar;

export const GLOBSTAR: Globstar = { kind: 'globstar' };

export function literalSegment(text: string): SegmentPattern {
  return { kind: 'segment', literal: text, tail: text, test: (segment) => segment === text };
}

/** Any one segment (a path's segments are never empty). */
export const ANY_SEGMENT: SegmentPattern = { kind: 'segment', literal: null, tail: '', test: () => true };

export const charToken = {
  any: ANY_CHAR,
  star: STAR,
  literal: (char: string): CharToken => char.charCodeAt(0),
} as const;

/**
 * A segment pattern from character tokens. `nonEmpty` makes a pattern of stars alone refuse an
 * empty segment, as picomatch does (`a/*` does not match `a/`).
 */
export function wildSegment(tokens: readonly CharToken[], nonEmpty = false): SegmentPattern {
  const collapsed: CharToken[] = [];
  for (const t of tokens) if (!(t === STAR && collapsed[collapsed.length - 1] === STAR)) collapsed.push(t);
  const isLiteral = (t: CharToken): t is number => typeof t === 'number' && t >= 0;
  const text = (ts: readonly CharToken[]) => (ts as number[]).map((c) => String.fromCharCode(c)).join('');
  if (collapsed.every(isLiteral)) return literalSegment(text(collapsed));
  let lastWild = collapsed.length - 1;
  while (isLiteral(collapsed[lastWild]!)) lastWild--;
  const tail = text(collapsed.slice(lastWild + 1));
  const base = { kind: 'segment' as const, literal: null, tail };
  // The shapes most patterns have, without the general loop.
  if (collapsed.length === 1 && collapsed[0] === STAR) return { ...base, test: nonEmpty ? (s) => s.length > 0 : () => true };
  if (lastWild === 0 && collapsed[0] === STAR) return { ...base, test: (s) => s.endsWith(tail) };
  const firstWild = collapsed.findIndex((t) => !isLiteral(t));
  if (firstWild === collapsed.length - 1 && collapsed[firstWild] === STAR) {
    const head = text(collapsed.slice(0, firstWild));
    return { ...base, test: (s) => s.startsWith(head) };
  }
  return { ...base, test: (s) => matchChars(collapsed, s) };
}

function matchChar(token: CharToken, code: number): boolean {
  if (typeof token === 'function') return token(code);
  return token === code || (token === ANY_CHAR && code !== 0x2f);
}

/** Greedy match with one backtrack point: the last star seen. */
function matchChars(tokens: readonly CharToken[], s: string): boolean {
  const m = tokens.length;
  const n = s.length;
  let t = 0;
  let i = 0;
  let starT = -1;
  let starI = 0;
  while (i < n) {
    if (t < m) {
      const token = tokens[t]!;
      if (token === STAR) {
        starT = t++;
        starI = i;
        continue;
      }
      if (matchChar(token, s.charCodeAt(i))) {
        t++;
        i++;
        continue;
      }
    }
    if (starT < 0) return false;
    // Let the last star swallow one more character and retry what follows it.
    t = starT + 1;
    i = ++starI;
  }
  while (t < m && tokens[t] === STAR) t++;
  return t === m;
}

/**
 * Whether segments [from, to) match the tokens, which start with `**`: the same algorithm as
 * for characters, one level up.
 */
function matchMiddle(tokens: readonly PathToken[], segments: readonly string[], from: number, to: number): boolean {
  const m = tokens.length;
  let t = 0;
  let i = from;
  let starT = -1;
  let starI = from;
  while (i < to) {
    if (t < m) {
      const token = tokens[t]!;
      if (token.kind === 'globstar') {
        starT = t++;
        starI = i;
        continue;
      }
      if (token.test(segments[i]!)) {
        t++;
        i++;
        continue;
      }
    }
    if (starT < 0) return false;
    t = starT + 1;
    i = ++starI;
  }
  while (t < m && tokens[t]!.kind === 'globstar') t++;
  return t === m;
}

/** A compiled path pattern: its tokens, and a test of a path split at `/`. */
export interface PathPattern {
  readonly tokens: readonly PathToken[];
  matches(segments: readonly string[]): boolean;
}

/**
 * Compiles tokens (consecutive `**` mean one). The segments before the first `**` must match the
 * path's first segments and those after the last `**` its last ones, so both ends are checked
 * first, one test per segment, and only what lies between needs the backtracking loop.
 */
export function pathPattern(input: readonly PathToken[]): PathPattern {
  const tokens: PathToken[] = [];
  for (const t of input) if (!(t.kind === 'globstar' && tokens[tokens.length - 1]?.kind === 'globstar')) tokens.push(t);
  const first = tokens.findIndex((t) => t.kind === 'globstar');
  if (first < 0) {
    const all = tokens as SegmentPattern[];
    return { tokens, matches: (segments) => segments.length === all.length && all.every((t, i) => t.test(segments[i]!)) };
  }
  let last = tokens.length - 1;
  while (tokens[last]!.kind !== 'globstar') last--;
  const head = tokens.slice(0, first) as SegmentPattern[];
  const tail = tokens.slice(last + 1) as SegmentPattern[];
  const middle = tokens.slice(first, last + 1);
  const spansAll = middle.length === 1;
  return {
    tokens,
    matches(segments) {
      const n = segments.length;
      if (n < head.length + tail.length) return false;
      for (let i = 0; i < head.length; i++) if (!head[i]!.test(segments[i]!)) return false;
      for (let i = 0; i < tail.length; i++) if (!tail[i]!.test(segments[n - tail.length + i]!)) return false;
      return spansAll || matchMiddle(middle, segments, head.length, n - tail.length);
    },
  };
}
