import { github } from '../github/index.ts';
import type { GitHubOptions } from '../github/options.ts';
import type { Forge } from './types.ts';

/** The options of `audit()` the forges read, together: a new forge adds its own type here. */
export type ForgeOptions = GitHubOptions;

/**
 * Every forge blueprint knows, in the order a target is offered to them. A new forge is one
 * folder (src/<forge>/ with an object of type Forge) and one entry here; the engine names none.
 */
export const FORGES: readonly Forge<ForgeOptions>[] = [github];
