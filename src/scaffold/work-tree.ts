import { lstat, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TargetError } from '../errors.ts';

/**
 * The top of the work tree that holds `folder`, so starters go where the rules look: the nearest
 * folder at or above it that holds `.git`, or the folder itself. Not `git rev-parse
 * --show-toplevel`, which follows the repository's own core.worktree (to any folder it names, and
 * `-c core.worktree=` does not undo it in git 2.39): a repository must not choose where we write.
 */
export async function workTreeTop(folder: string, shown: string): Promise<string> {
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new TargetError(`${shown} is not a folder`, 'pass the top folder of the repository');
  for (let dir = folder; ; dir = dirname(dir)) {
    if (
      await lstat(join(dir, '.git')).then(
        () => true,
        () => false,
      )
    )
      return dir;
    if (dirname(dir) === dir) return folder;
  }
}
