import type { Capability, RepoView } from '../types.ts';

/** A repository opened for an audit, wherever it came from: what the engine reads and reports. */
export interface OpenedRepo {
  view: RepoView;
  /** Where it is on disk: the top of a work tree, or a git directory (a remote's clone in the cache). */
  root: string;
  /** Work tree folder, or null for bare repositories and clones in the cache. */
  workTree: string | null;
  gitDir: string;
  ref: string;
  notes: string[];
  /** Committer date of the audited commit, or null when git could not tell. */
  committedAt: Date | null;
  /** Capabilities the source cannot fully provide, with the reason and the fix (e.g. shallow history). */
  limits: Partial<Record<Capability, string>>;
  /**
   * Tells the source, before the history is first asked for, which message searches the rules may
   * ask for (RuleMeta.searches), so that a walk over every commit can answer them on the way.
   */
  expectSearches?(patterns: readonly string[]): void;
  /** The origin remote's URL as configured, null when there is none; absent when the source did not read it. */
  originUrl?: string | null;
  close(): void;
}
