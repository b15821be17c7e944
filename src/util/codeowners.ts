/**
 * CODEOWNERS as GitHub reads it: gitignore-style patterns, matched case-sensitively, the last
 * matching line winning; no negation, no character ranges, no `\#` escapes (such lines are
 * skipped and reported); a pattern with no owners leaves its files deliberately unowned.
 */

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

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|\\]/g, '\\$&');
}

/**
 * A pattern matches a path, or (like gitignore) a folder above it, so `apps/github` covers the
 * folder's files. A pattern ending in `/*` is the exception GitHub documents: `docs/*` matches
 * `docs/a.md` but not `docs/b/c.md`.
 */
export function compilePattern(pattern: string): RegExp {
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  // A slash at the start or in the middle anchors the pattern to the top of the repository.
  const anchored = pattern.startsWith('/') || body.includes('/');
  const segments = body.split('/');
  let re = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += escapeRegex(segment).replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    if (!last) re += '/';
  });
  const prefix = anchored ? '^' : '^(?:[^/]+/)*';
  const lastSegment = segments[segments.length - 1];
  const suffix = dirOnly ? '/.*$' : lastSegment === '*' ? '$' : '(?:/.*)?$';
  return new RegExp(prefix + re + suffix);
}

function lineError(pattern: string): string | null {
  if (pattern.startsWith('\\#')) return 'escaping a leading # with \\ is not supported in CODEOWNERS';
  if (pattern.startsWith('!')) return 'negation with ! is not supported in CODEOWNERS';
  if (/[[\]]/.test(pattern)) return 'character ranges with [ ] are not supported in CODEOWNERS';
  return null;
}

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
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
      errors.push({ line, message: `invalid owner ${bad.map((b) => `'${b}'`).join(', ')} (use @user, @org/team or an e-mail address); the line is skipped` });
      return;
    }
    const regex = compilePattern(pattern);
    rules.push({ pattern, owners, line, matches: (path) => regex.test(path) });
  });
  return {
    rules,
    errors,
    ownersOf(path) {
      for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.matches(path)) return rules[i]!.owners;
      return null;
    },
  };
}
