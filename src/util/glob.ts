/**
 * Globs from blueprint.yml (systems, critical-paths, rule options) and the command line, matched
 * against repository-relative paths (and branch or repository names) without regular
 * expressions, so no pattern can make matching slow: picomatch compiled `*a*a*a*a*a*a*a*b` to a
 * regex that took minutes on one long file name. The dialect is picomatch's as people write it,
 * with `dot: true` because `.github/**` must match:
 *
 * - `*` any characters within a segment (`a/*` needs something after the slash), `?` one;
 * - `**` as a whole segment: any number of segments, none included (`src/**` matches `src`);
 *   elsewhere (`a**b`) it is `*`;
 * - `[abc]`, `[a-z]`, `[!a]` or `[^a]`, `[[:digit:]]`: one character; the bracketed text itself
 *   also matches, so `app/[slug]/**` finds Next.js's folder;
 * - `{a,b}`, `{1..12}`, `{01..12}`, `{a..f}`, nested: expanded up front, at most 1,000 patterns;
 * - `\` escapes the next character; a leading `!` negates; a leading `./` is dropped;
 * - a glob also matches the text equal to it.
 *
 * Groups and extglobs (`(a|b)`, `@(a|b)`, `+(a)`) are not supported and are refused, with a hint.
 */
import { UsageError } from '../errors.ts';
import { charToken, GLOBSTAR, pathPattern, wildSegment, type CharToken, type PathPattern, type PathToken } from './path-pattern.ts';

/** How many patterns one glob may expand to through `{…}` and `[…]`. */
export const MAX_GLOB_EXPANSIONS = 1000;

/** A glob blueprint cannot match; the message names it and says what to write instead. */
export class GlobError extends UsageError {}

const escapeGlob = (text: string) => text.replace(/[\\*?[\]{}()!,]/g, '\\$&');

/** Index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function tooMany(glob: string): GlobError {
  return new GlobError(
    `the glob '${glob}' expands to more than ${MAX_GLOB_EXPANSIONS.toLocaleString('en')} patterns`,
    'use fewer or shorter {…} alternatives and ranges, or a wildcard',
  );
}

/** `a,b,c` or a range `1..5`, `01..10`, `a..e`, `1..9..2`; null when the braces are literal text. */
function braceAlternatives(content: string, glob: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(content.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length) return [...parts, content.slice(start)];
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(content);
  const alpha = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(content);
  const range = numeric ?? alpha;
  if (!range) return null;
  const from = numeric ? Number(range[1]) : range[1]!.charCodeAt(0);
  const to = numeric ? Number(range[2]) : range[2]!.charCodeAt(0);
  const step = Math.abs(Number(range[3] ?? 1)) || 1;
  if (Math.floor(Math.abs(to - from) / step) + 1 > MAX_GLOB_EXPANSIONS) throw tooMany(glob);
  // As in bash, a leading zero on either end pads every number to the longer width.
  const padded = numeric !== null && (/^-?0\d/.test(range[1]!) || /^-?0\d/.test(range[2]!));
  const width = padded ? Math.max(range[1]!.length, range[2]!.length) : 0;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    out.push(
      numeric ? (v < 0 ? `-${String(-v).padStart(width - 1, '0')}` : String(v).padStart(width, '0')) : escapeGlob(String.fromCharCode(v)),
    );
  }
  return out;
}

/** Where the class opening at `open` ends, and what it matches; null when `[` is literal. */
function parseClass(s: string, open: number): { end: number; test: (code: number) => boolean } | null {
  let i = open + 1;
  const negated = s[i] === '!' || s[i] === '^';
  if (negated) i++;
  const ranges: Array<[number, number]> = [];
  const named: RegExp[] = [];
  let first = true;
  for (; i < s.length; i++, first = false) {
    let c = s[i]!;
    if (c === ']' && !first) {
      const test = (code: number) =>
        ranges.some(([lo, hi]) => code >= lo && code <= hi) || named.some((re) => re.test(String.fromCharCode(code)));
      return { end: i, test: negated ? (code) => !test(code) : test };
    }
    if (c === '/') return null;
    if (c === '[' && s[i + 1] === ':') {
      const close = s.indexOf(':]', i + 2);
      const re = close > 0 ? POSIX_CLASSES[s.slice(i + 2, close)] : undefined;
      if (re) {
        named.push(re);
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < s.length) c = s[++i]!;
    const lo = c.charCodeAt(0);
    if (s[i + 1] === '-' && i + 2 < s.length && s[i + 2] !== ']') {
      let hi = s[i + 2]!;
      i += 2;
      if (hi === '\\' && i + 1 < s.length) hi = s[++i]!;
      ranges.push([lo, hi.charCodeAt(0)]);
    } else ranges.push([lo, lo]);
  }
  return null;
}

const POSIX_CLASSES: Record<string, RegExp> = {
  alnum: /[A-Za-z0-9]/,
  alpha: /[A-Za-z]/,
  blank: /[ \t]/,
  cntrl: /[\x00-\x1f\x7f]/,
  digit: /[0-9]/,
  graph: /[\x21-\x7e]/,
  lower: /[a-z]/,
  print: /[\x20-\x7e]/,
  punct: /[!-/:-@[-`{-~]/,
  space: /\s/,
  upper: /[A-Z]/,
  word: /\w/,
  xdigit: /[A-Fa-f0-9]/,
};

/** Every pattern the glob stands for: braces expanded, each class also as its literal text. */
function expand(glob: string): string[] {
  const out: string[] = [];
  const emit = (s: string) => {
    if (out.length >= MAX_GLOB_EXPANSIONS) throw tooMany(glob);
    out.push(s);
  };
  const classes = (s: string, from: number) => {
    for (let i = from; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '[') {
        const cls = parseClass(s, i);
        if (!cls) continue;
        classes(s, cls.end + 1);
        const literal = `\\[${escapeGlob(s.slice(i + 1, cls.end))}\\]`;
        classes(s.slice(0, i) + literal + s.slice(cls.end + 1), i + literal.length);
        return;
      }
    }
    emit(s);
  };
  const braces = (s: string, from: number) => {
    for (let i = from; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '{') {
        const close = closingBrace(s, i);
        const alternatives = close < 0 ? null : braceAlternatives(s.slice(i + 1, close), glob);
        if (!alternatives) continue;
        for (const alt of alternatives) braces(s.slice(0, i) + alt + s.slice(close + 1), i);
        return;
      }
    }
    classes(s, 0);
  };
  braces(glob, 0);
  return out;
}

/** The segments of an expanded pattern, split at unescaped slashes, escapes kept. */
function splitSegments(pattern: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '/') {
      segments.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(pattern.slice(start));
  return segments;
}

function compileExpanded(pattern: string): PathPattern {
  const tokens: PathToken[] = splitSegments(pattern).map((segment) => {
    if (segment === '**') return GLOBSTAR;
    const chars: CharToken[] = [];
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i]!;
      if (c === '\\' && i + 1 < segment.length) chars.push(charToken.literal(segment[++i]!));
      else if (c === '*') chars.push(charToken.star);
      else if (c === '?') chars.push(charToken.any);
      else if (c === '[') {
        const cls = parseClass(segment, i);
        if (cls) {
          chars.push(cls.test);
          i = cls.end;
        } else chars.push(charToken.literal(c));
      } else chars.push(charToken.literal(c));
    }
    return wildSegment(chars, true);
  });
  return pathPattern(tokens);
}

/** Why blueprint cannot match the glob, or null. */
function unsupported(glob: string): string | null {
  if (!glob) return 'an empty glob matches nothing';
  let open = -1;
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '(' && open < 0) open = i;
    else if (glob[i] === ')' && open >= 0) return `the glob '${glob}' uses a ( ) group or extglob, which blueprint does not support`;
  }
  return null;
}

interface CompiledGlob {
  glob: string;
  negated: boolean;
  variants: PathPattern[];
}

function compileGlob(glob: string): CompiledGlob {
  const problem = unsupported(glob);
  if (problem) throw new GlobError(problem, 'write alternatives as {a,b}, and escape parentheses that are part of a name as \\( and \\)');
  let body = glob;
  let bangs = 0;
  while (body[bangs] === '!') bangs++;
  body = body.slice(bangs);
  if (body.startsWith('./')) body = body.slice(2);
  return { glob, negated: bangs % 2 === 1, variants: expand(body).map(compileExpanded) };
}

/** What is wrong with a glob, with what to do, or null when blueprint can match it. */
export function globProblem(glob: string): { message: string; hint: string } | null {
  try {
    compileGlob(glob);
    return null;
  } catch (error) {
    if (error instanceof GlobError) return { message: error.message, hint: error.hint ?? '' };
    throw error;
  }
}

/**
 * A matcher for repository-relative paths: true when any of the patterns matches (a negated one
 * matches what it does not). Throws a GlobError for a glob it cannot match.
 */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (!patterns.length) return () => false;
  const globs = patterns.map(compileGlob);
  return (path) => {
    if (!path) return false;
    const segments = path.split('/');
    for (const g of globs) {
      let hit = !g.negated && path === g.glob;
      for (let v = 0; !hit && v < g.variants.length; v++) hit = g.variants[v]!.matches(segments);
      if (hit !== g.negated) return true;
    }
    return false;
  };
}
