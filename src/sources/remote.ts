import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TargetError } from '../errors.ts';
import { firstLine, runGit } from './git.ts';
import { openLocalRepo, type LocalRepo, type OpenLocalOptions } from './local.ts';
import { redactUrl } from './targets.ts';

export interface OpenRemoteOptions extends OpenLocalOptions {
  /** Where clones are kept; each URL gets one folder, updated by fetch on later runs. */
  cacheDir: string;
  /** Milliseconds a clone or fetch may take (default 10 minutes). */
  timeoutMs?: number | undefined;
  /** Extra environment for clone and fetch, e.g. credentials as GIT_CONFIG_* entries (never logged). */
  env?: Record<string, string> | undefined;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** The folder of a URL's clone: readable, and unique by a hash of the full URL. */
export function cloneDir(cacheDir: string, url: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const readable = redactUrl(url).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i, '').replace(/\.git$/, '');
  const name = readable.split(/[/:]/).filter(Boolean).slice(-2).join('-').replace(/[^\w.-]/g, '_') || 'repo';
  return join(cacheDir, 'repos', `${name}-${hash}.git`);
}

function cloneError(url: string, stderr: string): TargetError {
  const why = firstLine(stderr) || 'git failed';
  const hint = /could not read Username|Authentication failed|Permission denied|403/i.test(stderr)
    ? 'check your credentials for this host (git credential helper, SSH key)'
    : /not found|does not exist|not appear to be a git repository|access denied|not exported/i.test(stderr)
      ? 'check the URL and that you can read the repository'
      : /timed out|Could not resolve host|Connection refused|unable to access/i.test(stderr)
        ? 'check the network and that the host is reachable'
        : 'run `git clone` on the URL by hand to see what fails';
  return new TargetError(`cannot clone ${redactUrl(url)}: ${why.replaceAll(url, redactUrl(url))}`, hint);
}

/**
 * Opens a remote repository from a blobless, bare clone (all branches and tags, no checkout,
 * no file contents until a rule reads them), cloning it the first time and fetching after.
 */
export async function openRemoteRepo(url: string, options: OpenRemoteOptions): Promise<LocalRepo> {
  const dir = cloneDir(options.cacheDir, url);
  const network = { network: true, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(options.env ? { env: options.env } : {}) };
  const exists = await stat(join(dir, 'HEAD')).then(() => true, () => false);
  if (exists) {
    const fetched = await runGit(dir, ['fetch', '--quiet', '--prune', '--force', '--filter=blob:none', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], network);
    if (fetched.code !== 0) throw cloneError(url, fetched.stderr);
    // Follow a change of the remote's default branch.
    const head = await runGit(dir, ['ls-remote', '--symref', 'origin', 'HEAD'], network);
    const target = /^ref: (refs\/heads\/\S+)\s+HEAD$/m.exec(head.stdout)?.[1];
    if (target) await runGit(dir, ['symbolic-ref', 'HEAD', target]);
  } else {
    await mkdir(join(options.cacheDir, 'repos'), { recursive: true });
    const cloned = await runGit(options.cacheDir, ['clone', '--quiet', '--bare', '--filter=blob:none', '--', url, dir], network);
    if (cloned.code !== 0) {
      await rm(dir, { recursive: true, force: true });
      throw cloneError(url, cloned.stderr);
    }
  }
  // Our own clone: later commands may fetch missing objects, with the same settings as the clone.
  return openLocalRepo(dir, { ...options, git: { network: true, ...(options.env ? { env: options.env } : {}) } });
}
