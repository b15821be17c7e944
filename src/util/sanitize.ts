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
  if (printableAscii(text)) return text;
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, visibleEscape) : text;
}

/** Tab, line feed and the printable ASCII characters: nothing to neutralise, known without the pattern. */
function printableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e || (c < 0x20 && c !== 0x09 && c !== 0x0a)) return false;
  }
  return true;
}

/**
 * A JSON value with every string, keys included, neutralised: what the reporters lay out, so
 * padding and truncation happen after and a table cannot cut a sequence in half. Only what holds
 * an unsafe character is copied; the rest is the input itself (reporters only read it), so a clean
 * report of hundreds of thousands of repositories costs no copy.
 */
export function neutraliseAll<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'string') return neutralise(value);
  if (value === null || typeof value !== 'object') return value;
  // Iterative for arrays: a report can hold hundreds of thousands of repositories.
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = copy(value[i]);
      if (out) out[i] = item;
      else if (item !== value[i]) {
        out = value.slice(0, i);
        out[i] = item;
      }
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = copy(record[key]);
    const safeKey = neutralise(key);
    if (!out && (item !== record[key] || safeKey !== key)) {
      out = {};
      for (let j = 0; j < i; j++) put(out, keys[j]!, record[keys[j]!]);
    }
    if (out) put(out, safeKey, item);
  }
  return out ?? value;
}

function put(out: Record<string, unknown>, key: string, item: unknown): void {
  // A "__proto__" key (JSON.parse makes it an own property) stays data instead of setting the prototype.
  if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  else out[key] = item;
}
