/**
 * `.gitattributes` as git reads them, for the attributes Linguist honours. Read from the audited
 * tree (the work tree's config and `git check-attr` play no part, so the verdict is the commit's):
 * the root file and one in any folder, a deeper file overriding a shallower one and a later line
 * an earlier one, attribute by attribute. Patterns follow gitignore's rules with git's
 * differences for attributes: a pattern without a slash matches a file name at any depth below
 * its file's folder, one with a slash the path from that folder; a trailing slash names folders
 * only, so it never matches a file (`docs/` has no effect; `docs/**` does); negative patterns are
 * ignored; `*` stops at slashes, `**` as a whole segment crosses them; a quoted pattern is not
 * unquoted (as in libgit2, through which Linguist reads them). `[attr]name …` macros
 * defined in the root file expand where they are set, as does git's built-in `binary`. Matching is
 * git's wildmatch, ported without regular expressions, so no pattern can make it slow.
 */

/** A state: set (true), unset (false), a value, or explicitly unspecified (null, from `!attr`). */
export type AttributeValue = true | false | string | null;

interface AttributeRule {
  /** The folder of the `.gitattributes` it comes from ("" for the root). */
  base: string;
  pattern: string;
  /** The pattern has no slash: it matches file names. */
  nameOnly: boolean;
  states: Array<[string, AttributeValue]>;
}

/** A set of `.gitattributes` files, ready to answer for paths. */
export interface Gitattributes {
  /** The attributes of a path, by name (absent: not specified). */
  lookup(path: string, names: readonly string[]): Map<string, AttributeValue>;
  /** Whether any rule mentions one of these attributes (if not, lookups can be skipped). */
  mentions(names: readonly string[]): boolean;
}

const BLANK = /[ \t\r\n]/;
const NAME = /^[A-Za-z0-9_.][-A-Za-z0-9_.]*$/;

function parseStates(words: readonly string[]): Array<[string, AttributeValue]> | null {
  const states: Array<[string, AttributeValue]> = [];
  for (const word of words) {
    let name = word;
    let value: AttributeValue = true;
    if (word.startsWith('-')) [name, value] = [word.slice(1), false];
    else if (word.startsWith('!')) [name, value] = [word.slice(1), null];
    else if (word.includes('=')) [name, value] = [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)];
    // git skips an invalid attribute name with a warning and keeps the rest of the line.
    if (NAME.test(name)) states.push([name, value]);
  }
  return states;
}

/** The rules and macros of one `.gitattributes` file, whose folder is `base`. */
function parseFile(base: string, text: string, macros: Map<string, Array<[string, AttributeValue]>> | null): AttributeRule[] {
  const rules: AttributeRule[] = [];
  for (const raw of text.split('\n')) {
    let i = 0;
    while (i < raw.length && BLANK.test(raw[i]!)) i++;
    if (i >= raw.length || raw[i] === '#') continue;
    // git reads a pattern in double quotes C-style; libgit2, which Linguist reads attributes
    // through, does not: the quote is part of the pattern, so such a line matches nothing there.
    const start = i;
    while (i < raw.length && !BLANK.test(raw[i]!)) i++;
    let pattern = raw.slice(start, i);
    const words = raw
      .slice(i)
      .split(/[ \t\r\n]+/)
      .filter(Boolean);
    if (pattern.startsWith('[attr]')) {
      const name = pattern.slice('[attr]'.length);
      // Macros are allowed in the top-level file only; elsewhere git ignores them with a warning.
      if (macros && NAME.test(name)) macros.set(name, parseStates(words) ?? []);
      continue;
    }
    const states = parseStates(words);
    if (!states?.length) continue;
    if (pattern.startsWith('!')) continue; // negative patterns are forbidden in attributes
    if (pattern.endsWith('/')) continue; // folders only: never a file
    const nameOnly = !pattern.includes('/');
    if (pattern.startsWith('/')) pattern = pattern.slice(1);
    if (!pattern) continue;
    rules.push({ base, pattern, nameOnly, states });
  }
  return rules;
}

/**
 * Reads the attribute files of a tree. `files` maps each `.gitattributes` path (".gitattributes",
 * "lib/.gitattributes") to its text.
 */
export function parseGitattributes(files: ReadonlyMap<string, string>): Gitattributes {
  const macros = new Map<string, Array<[string, AttributeValue]>>([
    [
      'binary',
      [
        ['diff', false],
        ['merge', false],
        ['text', false],
      ],
    ],
  ]);
  const byFolder = new Map<string, AttributeRule[]>();
  // The root file first: its macros are known before any file uses them.
  const paths = [...files.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const base = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    byFolder.set(base, parseFile(base, files.get(path)!, base === '' ? macros : null));
  }
  const mentioned = new Set<string>();
  const expand = (name: string, seen: Set<string>) => {
    if (seen.has(name)) return;
    seen.add(name);
    mentioned.add(name);
    for (const [inner] of macros.get(name) ?? []) expand(inner, seen);
  };
  for (const rules of byFolder.values()) for (const rule of rules) for (const [name] of rule.states) expand(name, new Set());

  return {
    mentions: (names) => names.some((n) => mentioned.has(n)),
    lookup(path, names) {
      const wanted = new Set(names);
      const found = new Map<string, AttributeValue>();
      const decided = new Set<string>();
      // git fills from the most specific line back: the first state seen for an attribute wins, and
      // a macro set to true fills in its attributes that are still open.
      const fill = (states: ReadonlyArray<[string, AttributeValue]>, depthLeft: number) => {
        for (let k = states.length - 1; k >= 0; k--) {
          const [name, value] = states[k]!;
          if (decided.has(name)) continue;
          decided.add(name);
          if (wanted.has(name) && value !== null) found.set(name, value);
          const macro = macros.get(name);
          if (macro && value === true && depthLeft > 0) fill(macro, depthLeft - 1);
        }
      };
      const folders = ancestors(path);
      for (let f = folders.length - 1; f >= 0; f--) {
        const rules = byFolder.get(folders[f]!);
        if (!rules) continue;
        for (let r = rules.length - 1; r >= 0; r--) {
          const rule = rules[r]!;
          if (matches(rule, path)) fill(rule.states, 8);
        }
      }
      return found;
    },
  };
}

const depth = (path: string) => path.split('/').length;

/** "", "a", "a/b" for "a/b/c.txt". */
function ancestors(path: string): string[] {
  const out = [''];
  let slash = path.indexOf('/');
  while (slash >= 0) {
    out.push(path.slice(0, slash));
    slash = path.indexOf('/', slash + 1);
  }
  return out;
}

function matches(rule: AttributeRule, path: string): boolean {
  if (rule.base && !path.startsWith(`${rule.base}/`)) return false;
  const relative = rule.base ? path.slice(rule.base.length + 1) : path;
  if (rule.nameOnly) return wildmatch(rule.pattern, relative.slice(relative.lastIndexOf('/') + 1), false) === MATCH;
  return wildmatch(rule.pattern, relative, true) === MATCH;
}

const MATCH = 0;
const NOMATCH = 1;
const ABORT_ALL = -1;
const ABORT_TO_STARSTAR = -2;

const CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /^[A-Za-z0-9]$/.test(c),
  alpha: (c) => /^[A-Za-z]$/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  digit: (c) => /^[0-9]$/.test(c),
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
  lower: (c) => /^[a-z]$/.test(c),
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  punct: (c) => /^[!-/:-@[-`{-~]$/.test(c),
  space: (c) => /^[ \t\n\r\f\v]$/.test(c),
  upper: (c) => /^[A-Z]$/.test(c),
  xdigit: (c) => /^[0-9A-Fa-f]$/.test(c),
};

const isGlobSpecial = (c: string | undefined) => c === '*' || c === '?' || c === '[' || c === '\\';

/**
 * git's wildmatch (wildmatch.c), case-sensitive; `pathname` is its WM_PATHNAME flag. The abort
 * codes prune the search as git's do, which keeps matching polynomial.
 */
export function wildmatch(pattern: string, text: string, pathname: boolean): number {
  return dowild(pattern, 0, text, 0, pathname);
}

function dowild(p: string, pi: number, t: string, ti: number, pathname: boolean): number {
  for (; pi < p.length; pi++, ti++) {
    let pc = p[pi]!;
    const tc = t[ti];
    if (tc === undefined && pc !== '*') return ABORT_ALL;
    switch (pc) {
      case '\\':
        pc = p[++pi] ?? '';
        if (tc !== pc) return NOMATCH;
        continue;
      case '?':
        if (pathname && tc === '/') return NOMATCH;
        continue;
      case '*': {
        let matchSlash: boolean;
        if (p[++pi] === '*') {
          const prev = pi - 2;
          while (p[++pi] === '*');
          if ((prev < 0 || p[prev] === '/') && (pi >= p.length || p[pi] === '/' || (p[pi] === '\\' && p[pi + 1] === '/'))) {
            if (p[pi] === '/' && dowild(p, pi + 1, t, ti, pathname) === MATCH) return MATCH;
            matchSlash = true;
          } else matchSlash = false;
        } else matchSlash = !pathname;
        if (pi >= p.length) {
          if (!matchSlash && t.indexOf('/', ti) >= 0) return NOMATCH;
          return MATCH;
        }
        if (!matchSlash && p[pi] === '/') {
          const slash = t.indexOf('/', ti);
          if (slash < 0) return NOMATCH;
          ti = slash;
          // The slash is consumed by the loop, with the pattern's.
          break;
        }
        for (let tcur = t[ti]; tcur !== undefined; tcur = t[++ti]) {
          if (!isGlobSpecial(p[pi])) {
            const want = p[pi];
            while ((tcur = t[ti]) !== undefined && (matchSlash || tcur !== '/')) {
              if (tcur === want) break;
              ti++;
            }
            if (tcur !== want) return NOMATCH;
          }
          const matched = dowild(p, pi, t, ti, pathname);
          if (matched !== NOMATCH) {
            if (!matchSlash || matched !== ABORT_TO_STARSTAR) return matched;
          } else if (!matchSlash && tcur === '/') return ABORT_TO_STARSTAR;
        }
        return ABORT_ALL;
      }
      case '[': {
        let c = p[++pi];
        if (c === '^') c = '!';
        const negated = c === '!';
        if (negated) c = p[++pi];
        let prev: string | null = null;
        let matched = false;
        do {
          if (c === undefined) return ABORT_ALL;
          if (c === '\\') {
            c = p[++pi];
            if (c === undefined) return ABORT_ALL;
            if (tc === c) matched = true;
          } else if (c === '-' && prev !== null && p[pi + 1] !== undefined && p[pi + 1] !== ']') {
            c = p[++pi]!;
            if (c === '\\') {
              c = p[++pi];
              if (c === undefined) return ABORT_ALL;
            }
            if (tc !== undefined && tc <= c && tc >= prev) matched = true;
            c = '';
          } else if (c === '[' && p[pi + 1] === ':') {
            const start = pi + 2;
            let end = start;
            while (end < p.length && p[end] !== ']') end++;
            if (end >= p.length) return ABORT_ALL;
            if (end - start - 1 < 0 || p[end - 1] !== ':') {
              // No ":]": a plain "[" in the set.
              pi = start - 2;
              c = '[';
              if (tc === c) matched = true;
            } else {
              const test = CLASSES[p.slice(start, end - 1)];
              if (!test) return ABORT_ALL;
              if (tc !== undefined && test(tc)) matched = true;
              pi = end;
              c = '';
            }
          } else if (tc === c) matched = true;
          prev = c === '' ? null : c;
          c = p[++pi];
        } while (c !== ']');
        if (matched === negated || (pathname && tc === '/')) return NOMATCH;
        continue;
      }
      default:
        if (tc !== pc) return NOMATCH;
        continue;
    }
    // `break` from '*' followed by '/': carry on with the loop.
  }
  return ti < t.length ? NOMATCH : MATCH;
}
