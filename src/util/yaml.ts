import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface YamlPosition {
  line: number;
  column: number;
}

export interface ParsedYaml {
  /** Plain data of each document in the file. */
  docs: unknown[];
  /** First syntax error, with its position, or null. */
  error: ({ message: string } & YamlPosition) | null;
  /** Position of the node (or of the key, with `key: true`) at a path in document `doc`. */
  locate(path: readonly (string | number)[], options?: { doc?: number; key?: boolean }): YamlPosition | null;
}

const MAX_ALIAS_COUNT = 100; // a "billion laughs" document stops here instead of eating memory

/** Characters of text whose parses are kept (a process auditing many repositories keeps only the latest). */
const MEMO_CHARS = 4 * 1024 * 1024;
const memo = new Map<string, ParsedYaml>();
let memoChars = 0;

/**
 * Parses YAML (or JSON, a subset of it) keeping enough to point at lines in error messages. Rules
 * parse the same files (ci-pipeline, branch-lifetime and style-guide each read the workflows) and
 * parsing is slow, so a recent text's parse is reused: each caller gets its own copy of the data.
 */
export function parseYaml(text: string): ParsedYaml {
  let parsed = memo.get(text);
  if (!parsed) {
    parsed = parseYamlOnce(text);
    if (text.length <= MEMO_CHARS) {
      if (memoChars + text.length > MEMO_CHARS) {
        memo.clear();
        memoChars = 0;
      }
      memo.set(text, parsed);
      memoChars += text.length;
    }
  }
  const docs = copyData(parsed.docs, new Map());
  if (docs === NOT_DATA) return parseYamlOnce(text);
  return { docs: docs as unknown[], error: parsed.error && { ...parsed.error }, locate: parsed.locate };
}

const NOT_DATA = Symbol('not data');

/**
 * A deep copy of what YAML's toJS makes (plain objects, arrays, Maps, Sets, Buffers, scalars),
 * with shared parts (aliases) still shared; NOT_DATA for anything else, which is parsed afresh.
 */
function copyData(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (Buffer.isBuffer(value)) {
    const bytes = Buffer.from(value);
    seen.set(value, bytes);
    return bytes;
  }
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    seen.set(value, list);
    for (const item of value) {
      const copied = copyData(item, seen);
      if (copied === NOT_DATA) return NOT_DATA;
      list.push(copied);
    }
    return list;
  }
  if (value instanceof Map || value instanceof Set) {
    const entries: Array<[unknown, unknown]> = [];
    const copy = value instanceof Map ? new Map() : new Set();
    seen.set(value, copy);
    for (const [k, v] of value instanceof Map ? value : [...value].map((v) => [v, v])) {
      const [ck, cv] = [copyData(k, seen), copyData(v, seen)];
      if (ck === NOT_DATA || cv === NOT_DATA) return NOT_DATA;
      entries.push([ck, cv]);
    }
    for (const [k, v] of entries) copy instanceof Map ? copy.set(k, v) : copy.add(k);
    return copy;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_DATA;
  const object: Record<string, unknown> = {};
  seen.set(value, object);
  for (const key of Object.keys(value)) {
    const copied = copyData((value as Record<string, unknown>)[key], seen);
    if (copied === NOT_DATA) return NOT_DATA;
    // defineProperty, so that a key named __proto__ stays an own property, as YAML made it.
    Object.defineProperty(object, key, { value: copied, writable: true, enumerable: true, configurable: true });
  }
  return object;
}

function parseYamlOnce(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents: Document.Parsed[] = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
  }) as Document.Parsed[];
  const list = Array.isArray(documents) ? documents : [documents];
  const at = (offset: number): YamlPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let error: ParsedYaml['error'] = null;
  const docs: unknown[] = [];
  for (const doc of list) {
    const first = doc.errors[0];
    if (first && !error) {
      error = { message: first.message.split('\n')[0] ?? first.message, ...at(first.pos[0]) };
    }
    if (!doc.errors.length) {
      try {
        docs.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
      } catch (e) {
        error ??= { message: (e as Error).message, line: 1, column: 1 };
      }
    }
  }
  return {
    docs,
    error,
    locate(path, options = {}) {
      const doc = list[options.doc ?? 0];
      if (!doc) return null;
      let node: unknown = doc.contents;
      let keyNode: unknown = null;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => {
            const key = p.key as { value?: unknown } | null;
            return key !== null && typeof key === 'object' && String(key.value) === String(segment);
          });
          if (!pair) break;
          keyNode = pair.key;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === 'number') {
          keyNode = null;
          node = node.items[segment];
        } else {
          break;
        }
      }
      const target = (options.key && keyNode ? keyNode : (node ?? keyNode)) as { range?: [number, number, number] } | null;
      return target?.range ? at(target.range[0]) : null;
    },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Flattens strings from a value that may be a string, a list of strings or nested lists. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(strings);
  return [];
}
