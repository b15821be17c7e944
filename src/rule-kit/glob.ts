import picomatch from 'picomatch';

export { globMatcher } from '../util/glob.ts';

/** The folder part of a glob before its first wildcard (`src/**\/*.ts` -> `src`), or "". */
export function globBase(glob: string): string {
  return picomatch.scan(glob).base;
}
