/**
 * What the engine attaches to the repository view it hands a record rule: the other places its
 * records are kept, and a trace of every record found, for the report. Rules never see this;
 * `findRecords` (src/util/records.ts) reads it, so a rule's code is the same wherever its records live.
 */
import type { RepoView } from '../types.ts';

/** Where a record was found, as the report names it. */
export interface RecordOrigin {
  /** The source as blueprint.yml names it: `self`, `<forge>:acme/handbook`, `wiki`, `issues`. */
  source: string;
  kind: 'self' | 'repository' | 'wiki' | 'issues' | 'discussions';
  /** Path inside the source (for an issue, null). */
  path: string | null;
  /** Issue number, for an issue. */
  issue: number | null;
  /** A link to the record, where the source has one (an issue's page). */
  url: string | null;
  author: string | null;
  state: 'open' | 'closed' | null;
}

/** One query of a rule: the conventional folders of its records, more globs, and its own test. */
export interface RecordQuery {
  folders: readonly string[];
  globs: readonly string[];
  matches: ((path: string) => boolean) | undefined;
}

/** A record as a source yields it, before parsing (same fields as RecordDocument, plus where it came from). */
export interface FoundRecord {
  path: string;
  text: string;
  date: Date | null;
  dateFrom: 'name' | 'front-matter' | 'git' | 'forge' | null;
  origin: RecordOrigin;
}

/** A place other than the audited repository that answers a rule's record queries. */
export interface RecordProvider {
  find(query: RecordQuery): Promise<FoundRecord[]>;
}

export interface RecordContext {
  /** Whether the audited repository itself is a source of this rule's records. */
  self: boolean;
  providers: readonly RecordProvider[];
  /** Every record any query found, by the path the rule sees. */
  found: Map<string, FoundRecord>;
  /** Whether the rule asked for records at all. */
  queried: boolean;
}

const contexts = new WeakMap<RepoView, RecordContext>();

export function attachRecordContext(view: RepoView, context: RecordContext): RepoView {
  contexts.set(view, context);
  return view;
}

export function recordContextOf(view: RepoView): RecordContext | undefined {
  return contexts.get(view);
}
