/**
 * Findings with codes: a rule keeps its wording in `meta.messages` (code -> template with
 * `{name}` placeholders) and makes each finding from a code and the values of its placeholders,
 * so the code stays when the wording changes (SARIF fingerprints come from rule, code and path).
 */
import type { Finding, FindingSeverity } from '../types.ts';

/** A rule's wording: kebab-case code -> message template with `{name}` placeholders. */
export type Messages = Readonly<Record<string, string>>;

/** The placeholder names of a template, as a union of string literals. */
export type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

export type MessageData<T extends string> = { readonly [K in Placeholders<T>]: string | number };

/** Where a finding is: a repository-relative path, or a path and a line; null for the repository. */
export type Location = string | null | { path: string | null; line?: number | null };

type Arguments<T extends string> = [Placeholders<T>] extends [never]
  ? [data?: Record<string, never>, at?: Location]
  : [data: MessageData<T>, at?: Location];

export interface FindingMaker<M extends Messages> {
  error<C extends keyof M & string>(code: C, ...args: Arguments<M[C]>): Finding;
  warning<C extends keyof M & string>(code: C, ...args: Arguments<M[C]>): Finding;
  info<C extends keyof M & string>(code: C, ...args: Arguments<M[C]>): Finding;
  /** For a severity chosen at run time. */
  of<C extends keyof M & string>(severity: FindingSeverity, code: C, ...args: Arguments<M[C]>): Finding;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The template with every placeholder filled; a placeholder without a value is a bug in the rule. */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message placeholder {${name}} has no value: ${template}`);
    return String(value);
  });
}

/**
 * Makes findings from a rule's messages: `say.warning('stale-branch', { branch }, path)`. The
 * finding's message is the template filled with `data`; `code` and `data` go in the report.
 */
export function findingsFrom<const M extends Messages>(messages: M): FindingMaker<M> {
  const make = (severity: FindingSeverity, code: string, data: Record<string, string | number> = {}, at: Location = null): Finding => {
    const template = messages[code];
    if (template === undefined) throw new Error(`no message for finding code '${code}'`);
    const where = at === null || typeof at === 'string' ? { path: at, line: null } : { path: at.path, line: at.line ?? null };
    const finding: Finding = { severity, message: renderMessage(template, data), path: where.path, line: where.line, code };
    const used = placeholdersOf(template);
    if (used.length) finding.data = Object.fromEntries(used.map((name) => [name, data[name]!]));
    return finding;
  };
  const maker = (severity: FindingSeverity) => (code: string, data?: Record<string, string | number>, at?: Location) =>
    make(severity, code, data, at);
  return {
    error: maker('error'),
    warning: maker('warning'),
    info: maker('info'),
    of: (severity: FindingSeverity, code: string, data?: Record<string, string | number>, at?: Location) => make(severity, code, data, at),
  } as FindingMaker<M>;
}

/** `1 branch`, `2 branches`: the count and the word that goes with it. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** The word alone, singular for one: `branch` or `branches`. */
export function noun(count: number, word: string, many = `${word}s`): string {
  return count === 1 ? word : many;
}

/** When something last happened, for a message: `12 days ago`, or `at an unknown date`. */
export function daysAgo(daysSince: number | null): string {
  return daysSince === null ? 'at an unknown date' : `${Math.floor(daysSince)} days ago`;
}
