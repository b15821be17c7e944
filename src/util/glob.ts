import picomatch from 'picomatch';

/** A matcher for repository-relative paths; `dot: true` because `.github/**` must match. */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (!patterns.length) return () => false;
  return picomatch(patterns as string[], { dot: true });
}
