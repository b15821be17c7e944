/**
 * Every file blueprint writes (reports, baselines, the plan, blueprint.yml, starters) goes through
 * here, so that a link in an untrusted repository cannot steer a write elsewhere. The rule:
 *
 * - the file itself is never a link: an existing link is refused; a new file is opened with
 *   O_CREAT|O_EXCL|O_NOFOLLOW (a temporary one, renamed over the old file, when replacing), and a
 *   rename replaces a link made meanwhile instead of following it;
 * - a folder on the way that is a link is followed only when the link is the user's own: never
 *   when it sits inside a git repository (a folder with `.git` at or above it), which may have
 *   committed it, and never below `within` (the repository a starter is written into);
 * - the current folder is the user's, whatever links led there: a relative path starts from its
 *   real path. A link the user names outside any repository (`--output-dir /mnt/reports` where
 *   /mnt/reports is a link) is followed: that is the user's choice.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readlink, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';
import { OutputError } from '../errors.ts';
import { neutralise } from './sanitize.ts';

export interface SafeWriteOptions {
  /** Relative paths are resolved against this folder; links in its own path are the user's. */
  cwd: string;
  /** What is written, for messages: "the report", "the plan", "the blueprint". */
  what: string;
  /** The path as the user gave it, for messages (default: the path). */
  shown?: string;
  /** Refuse to replace an existing file. */
  exclusive?: boolean;
  /** Message and hint when an exclusive write finds the file already there. */
  exists?: { message: string; hint: string };
  /** Create the folders missing on the way (each a real folder, made here). */
  createFolders?: boolean;
  /** The file must stay inside this folder, and no link below it is followed (a repository's top). */
  within?: string;
}

// Not defined on Windows, which has no such links in checkouts by default; lstat checks remain.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
const MAX_LINKS = 40;

/** A path or link target from a repository, safe to print (see sanitize.ts). */
const printable = neutralise;

const isInside = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Whether a folder (a real path) lies in a git work tree: `.git` in it or above it. */
async function inRepository(folder: string): Promise<boolean> {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (await exists(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

function failure(shown: string, what: string, error: NodeJS.ErrnoException): OutputError {
  const code = error.code ?? error.message;
  const hints: Record<string, string> = {
    EACCES: 'you may not write there: choose a folder you can write to',
    EPERM: 'you may not write there: choose a folder you can write to',
    EROFS: 'the file system is read-only: choose another folder',
    ENOSPC: 'the disk is full: free some space or choose another folder',
    ENAMETOOLONG: 'choose a shorter path',
  };
  return new OutputError(shown, `cannot write ${what}: ${code}`, hints[code] ?? 'check that the folder exists and is writable');
}

/**
 * The real path of the folder `folder` (absolute, lexical) names, resolved one component at a time
 * under the rule above. Missing folders are made when `create` is "make"; "check" stops at the
 * first missing one (it would be made) and returns null.
 */
async function resolveFolder(
  folder: string,
  options: SafeWriteOptions,
  shown: string,
  create: 'make' | 'check' | 'never',
): Promise<string | null> {
  const cwd = resolve(options.cwd);
  let current: string;
  let queue: string[];
  if (isInside(folder, cwd)) {
    current = await realpath(cwd).catch(() => cwd);
    queue = relative(cwd, folder).split(sep);
  } else {
    current = parse(folder).root;
    queue = folder.slice(current.length).split(sep);
  }
  const within = options.within === undefined ? null : await realpath(options.within).catch(() => resolve(options.within!));
  let links = 0;
  let steps = 0;
  while (queue.length) {
    if (++steps > 4096) throw new OutputError(shown, `cannot write ${options.what}: its folder keeps changing`, 'try again');
    const name = queue.shift()!;
    if (name === '' || name === '.') continue;
    if (name === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, name);
    const info = await lstat(next).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw failure(shown, options.what, error);
    });
    if (!info) {
      if (create === 'check') return null;
      if (create === 'never') {
        throw new OutputError(
          shown,
          `cannot write ${options.what}: the folder ${printable(next)} does not exist (ENOENT)`,
          'create the folder first, or write somewhere else',
        );
      }
      const made = await mkdir(next).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false; // made meanwhile: look again
          throw failure(shown, options.what, error);
        },
      );
      if (!made) queue.unshift(name);
      else current = next;
      continue;
    }
    if (info.isSymbolicLink()) {
      const target = await readlink(next).catch(() => '?');
      const where = `${printable(next)} is a link (to ${printable(target)})`;
      if (within !== null && isInside(current, within)) {
        throw new OutputError(
          shown,
          `${where} inside the repository; blueprint does not write through links`,
          'remove the link, or give a path without links',
        );
      }
      if (await inRepository(current)) {
        throw new OutputError(
          shown,
          `${where} inside a git repository; blueprint does not write through links it did not create`,
          'remove the link, or name the folder it leads to if that is where the file belongs',
        );
      }
      if (++links > MAX_LINKS)
        throw new OutputError(
          shown,
          `cannot write ${options.what}: too many links on the way (ELOOP)`,
          'give a path without a loop of links',
        );
      const parsed = parse(target);
      if (parsed.root) current = parsed.root;
      queue = [...target.slice(parsed.root.length).split(/[\\/]/), ...queue];
      continue;
    }
    if (!info.isDirectory())
      throw new OutputError(
        shown,
        `cannot write ${options.what}: ${printable(next)} is not a folder`,
        'give a path whose folders are folders',
      );
    current = next;
  }
  if (within !== null && !isInside(current, within)) throw new OutputError(shown, 'is outside the repository', 'give a path inside it');
  return current;
}

interface Target {
  file: string;
  shown: string;
  /** The real folder, or null when it is still to be made. */
  folder: string | null;
}

async function prepare(path: string, options: SafeWriteOptions, create: 'make' | 'check'): Promise<Target> {
  const absolute = resolve(options.cwd, path);
  const shown = options.shown ?? path;
  const name = basename(absolute);
  if (!name || name === '.' || name === '..')
    throw new OutputError(shown, `is a folder; ${options.what} needs a file name`, 'give a file name');
  const folder = await resolveFolder(dirname(absolute), options, shown, options.createFolders ? create : 'never');
  if (folder === null) return { file: absolute, shown, folder };
  const file = join(folder, name);
  const info = await lstat(file).catch(() => null);
  if (info?.isSymbolicLink()) {
    const target = await readlink(file).catch(() => '?');
    throw new OutputError(
      shown,
      `is a link (to ${printable(target)}); blueprint never writes through a link`,
      'remove the link, or write to another path',
    );
  }
  if (info?.isDirectory()) throw new OutputError(shown, `is a folder; ${options.what} needs a file name`, 'give a file name');
  if (info && !info.isFile())
    throw new OutputError(shown, 'is not a regular file; blueprint writes only regular files', 'write to another path');
  if (info && options.exclusive) {
    throw new OutputError(
      shown,
      options.exists?.message ?? 'already exists; blueprint never overwrites it',
      options.exists?.hint ?? 'remove it, or write to another path',
    );
  }
  return { file, shown, folder };
}

/** Throws the OutputError a write would, without writing or making anything. */
export async function checkWritable(path: string, options: SafeWriteOptions): Promise<void> {
  await prepare(path, options, 'check');
}

/**
 * Writes `text` to `path` (relative to options.cwd) under the rule above: a new file exclusively,
 * or an existing regular file replaced whole through a temporary file and a rename.
 */
export async function writeFileSafely(path: string, text: string, options: SafeWriteOptions): Promise<void> {
  const { file, shown, folder } = await prepare(path, options, 'make');
  const dir = folder!;
  const name = basename(file);
  if (options.exclusive) {
    const handle = await open(join(dir, name), CREATE_NEW, 0o666).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST')
        throw new OutputError(
          shown,
          options.exists?.message ?? 'already exists; blueprint never overwrites it',
          options.exists?.hint ?? 'remove it, or write to another path',
        );
      throw failure(shown, options.what, error);
    });
    try {
      await handle.writeFile(text);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(join(dir, name)).catch(() => undefined);
      throw failure(shown, options.what, error as NodeJS.ErrnoException);
    }
    await handle.close();
    return;
  }
  const temp = join(dir, `.${name.slice(0, 200)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, CREATE_NEW, 0o666).catch((error: NodeJS.ErrnoException) => {
    throw failure(shown, options.what, error);
  });
  try {
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    // A rename replaces whatever is at the name, a link included, and never writes through it.
    await rename(temp, join(dir, name));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error instanceof OutputError ? error : failure(shown, options.what, error as NodeJS.ErrnoException);
  }
}
