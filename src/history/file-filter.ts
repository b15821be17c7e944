/**
 * Which files count for authorship: the files GitHub Linguist counts for language statistics, as
 * the reference truck-factor tool does (see src/util/linguist/). On top, blueprint.yml's `exclude`
 * globs.
 */
import type { RepoView, TreeEntry } from '../types.ts';
import { globMatcher } from '../util/glob.ts';
import { linguistVerdicts, classify, type LinguistReason } from '../util/linguist/index.ts';

export type ExclusionReason = LinguistReason | 'configured';

/**
 * Why a file does not count for authorship, or null when it does, from its path alone (no
 * `.gitattributes`, no contents): Linguist's verdict where the path settles it.
 */
export function exclusionReason(entry: TreeEntry, configured: (path: string) => boolean = () => false): ExclusionReason | null {
  if (entry.kind !== 'file') return entry.kind === 'symlink' ? 'link' : 'submodule';
  if (configured(entry.path)) return 'configured';
  const verdict = classify(entry);
  return verdict.counts ? null : verdict.reason;
}

/** The files that count for authorship at the audited revision, with `exclude` globs (from blueprint.yml) on top. */
export async function authorshipFiles(repo: RepoView, entries: readonly TreeEntry[], exclude: readonly string[]): Promise<string[]> {
  const configured = globMatcher(exclude);
  const verdicts = await linguistVerdicts(repo, entries);
  return entries.filter((e) => verdicts.get(e.path)?.counts && !configured(e.path)).map((e) => e.path);
}
