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

/** Parses YAML (or JSON, a subset of it) keeping enough to point at lines in error messages. */
export function parseYaml(text: string): ParsedYaml {
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
