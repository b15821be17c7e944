/**
 * How reports name a repository, and the file they anchor repository-wide findings at. People
 * read `owner/name` or a folder name, never "." or an absolute path; JSON keeps the target as
 * given beside it.
 */
import { basename } from 'node:path';
import { runGit } from '../git/run.ts';
import type { RepoView } from '../types.ts';

const SCP_LIKE = /^[\w.+-]+@[\w.-]+:(?!\/\/)(.+)$/;
const HOSTED = /^(?:https?|ssh|git):\/\/[^/]+\/(.+)$/i;

/** `owner/name` (or `group/sub/name`) of a hosted remote URL; null for a path or `file://` remote. */
export function nameFromRemote(url: string): string | null {
  const trimmed = url.trim().replace(/[?#].*$/, '');
  const path = HOSTED.exec(trimmed)?.[1] ?? SCP_LIKE.exec(trimmed)?.[1];
  if (!path) return null;
  const segments = path
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter((s) => s && s !== '.' && s !== '..');
  return segments.length >= 2 ? segments.join('/') : null;
}

/** A forge's target, `<forge id>:owner/name` (a drive letter or a URL scheme's `://` is not one). */
const FORGE_TARGET = /^[a-z][a-z0-9-]+:(?!\/\/)([^/\s:@]+\/[^/\s:@]+?)(?:\.git)?$/i;

/**
 * A name for a target when nothing better is known: a forge target's (`<forge>:owner/name`) or a
 * git URL's `owner/name`, else the last segment of the folder (of `path`, the folder actually audited, when the target is ".").
 */
export function nameFromTarget(target: string, path: string | null = null): string {
  const forge = FORGE_TARGET.exec(target.trim())?.[1];
  if (forge) return forge;
  const remote = nameFromRemote(target);
  if (remote) return remote;
  const folder = (value: string) => basename(value.replace(/[\\/]+$/, '')).replace(/(.)\.git$/, '$1');
  const own = folder(target);
  if (own && own !== '.' && own !== '..') return own;
  const audited = path ? folder(path) : '';
  return audited || target;
}

/**
 * The name of an audited repository: a remote target's `owner/name`; for a folder, its origin
 * remote's `owner/name`, else the folder's name.
 */
export async function repoName(target: string, root: string, originUrl?: string | null): Promise<string> {
  if (FORGE_TARGET.test(target.trim()) || nameFromRemote(target)) return nameFromTarget(target);
  const remote =
    originUrl !== undefined
      ? { code: originUrl === null ? 1 : 0, stdout: originUrl ?? '' }
      : await runGit(root, ['config', '--get', 'remote.origin.url']).catch(() => null);
  const fromRemote = remote?.code === 0 ? nameFromRemote(remote.stdout) : null;
  return fromRemote ?? nameFromTarget(target, root);
}

const README = /^readme(?:\.[a-z0-9]+)?$/i;

/**
 * A file that exists at the audited commit, for findings about the whole repository (SARIF needs
 * a file): the README a forge shows (.github/, then the top folder, then docs/; Markdown first),
 * else the first tracked file by path; null for an empty tree.
 */
export async function anchorFile(view: RepoView): Promise<string | null> {
  const files = (await view.files()).filter((f) => f.kind === 'file');
  for (const folder of ['.github/', '', 'docs/']) {
    const readmes = files
      .filter((f) => f.path.startsWith(folder) && README.test(f.path.slice(folder.length)))
      .map((f) => f.path)
      .sort((a, b) => Number(!/\.md$/i.test(a)) - Number(!/\.md$/i.test(b)) || (a < b ? -1 : 1));
    if (readmes.length) return readmes[0]!;
  }
  return files[0]?.path ?? null;
}
