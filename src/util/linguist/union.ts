/**
 * Linguist joins each of its path lists (vendor.yml, documentation.yml) into one regular
 * expression. Run as one alternation, V8 tries every one of 166 patterns at every position of a
 * path, and two of them start with an unanchored `[^…]*` that scans to the end of the path from
 * each position: ~20 µs a path, a tenth of a second for a tree of 5,000 files. The same test, made
 * of equal parts: patterns that start at a line's start, patterns that start at a folder's start
 * (`(^|\/)`), each part's common start written once, so that at most positions the first token
 * fails at once; and a leading `([^…]*)` dropped, which changes where a match starts but never
 * whether there is one.
 */

/** Whether `pattern` has a `|` outside any group or class: then a prefix does not bind all of it. */
function hasTopLevelBar(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

const FOLDER_START = '(^|\\/)';
/** A leading group of one repeated class (`([^\n]*?)`), not itself repeated. */
const LEADING_RUN = /^\((\[(?:\\.|[^\]\\])*\])\*\??\)(?![*+?{])/;

/** A pattern with the same `test` result on every text, cheaper to test where it can be. */
export function testEquivalent(pattern: string): string {
  // Group numbers shift when the group goes: not for a pattern that refers to one.
  return /\\[1-9]|\\k</.test(pattern) ? pattern : pattern.replace(LEADING_RUN, '');
}

/** `new RegExp(patterns.join('|'), 'm').test`, for lists without back-references across patterns. */
export function anyOf(patterns: readonly string[]): (text: string) => boolean {
  const atLine: string[] = [];
  const atFolder: string[] = [];
  const rest: string[] = [];
  for (const original of patterns) {
    const pattern = testEquivalent(original);
    if (/\\[1-9]|\\k</.test(pattern)) rest.push(pattern);
    else if (pattern.startsWith(FOLDER_START) && !hasTopLevelBar(pattern.slice(FOLDER_START.length)))
      atFolder.push(pattern.slice(FOLDER_START.length));
    else if (pattern.startsWith('^') && !hasTopLevelBar(pattern.slice(1))) atLine.push(pattern.slice(1));
    else rest.push(pattern);
  }
  const parts = [
    atLine.length ? new RegExp(`^(?:${atLine.join('|')})`, 'm') : null,
    atFolder.length ? new RegExp(`(?:^|\\/)(?:${atFolder.join('|')})`, 'm') : null,
    rest.length ? new RegExp(rest.join('|'), 'm') : null,
  ].filter((re): re is RegExp => re !== null);
  return (text) => parts.some((re) => re.test(text));
}
