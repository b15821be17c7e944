import type { ForgeData, RepoView } from '../types.ts';

/**
 * What the forge knows about the repository, or null when the source has no forge (a plain git
 * clone): every rule asks the same way, so none reads forge data its source does not offer.
 */
export async function forgeData(repo: RepoView): Promise<ForgeData | null> {
  return repo.capabilities.has('forge') ? repo.forge() : null;
}

/** Whether a field of the forge's data is evidence: false for what cannot be known at a past date. */
export { forgeKnows } from '../forge/dated.ts';
