/**
 * Neutralises characters that would let a repository take over the reader's screen or change
 * what a report seems to say: terminal escape and control sequences (ESC ]0;title BEL, ESC [2J,
 * OSC 8 links), the other C0 and C1 controls, DEL, a carriage return that is not part of a line
 * break, bidirectional overrides, embeddings, isolates and marks (Trojan Source), the Unicode
 * line and paragraph separators, and lone surrogates.
 *
 * Each becomes its JSON escape, `\u001b` for ESC, so the reader sees that something was there
 * and what: copied into a JSON string it means the same character again. Tab and line feed
 * (with or without a CR before it) are kept: they move the cursor forward, they cannot hide text.
 * A file literally named `\u001b` reads the same as a neutralised ESC; the JSON report tells them apart.
 */
const UNSAFE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const visibleEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every unsafe character replaced by its visible `\uXXXX` escape. */
export function neutralise(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, visibleEscape) : text;
}

/**
 * A copy of a JSON value with every string, keys included, neutralised: what the reporters lay
 * out, so padding and truncation happen after and a table cannot cut a sequence in half.
 */
export function neutraliseAll<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'string') return neutralise(value);
  if (value === null || typeof value !== 'object') return value;
  // Iterative for arrays: a report can hold hundreds of thousands of repositories.
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    // A "__proto__" key (JSON.parse makes it an own property) stays data instead of setting the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[neutralise(key)] = item;
  }
  return out;
}
