import { posix } from 'node:path';

/**
 * Resolves a symlink's target against the link's folder inside the repository. Returns null when
 * the target is absolute or climbs out of the repository: such links are never followed.
 */
export function resolveLinkTarget(linkPath: string, target: string): string | null {
  if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)) return null;
  const joined = posix.normalize(posix.join(posix.dirname(linkPath), target.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || joined === '.') return null;
  return joined.replace(/\/$/, '');
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Lower-cased extension including the dot (".yml"), or "" when there is none. */
export function extname(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}
