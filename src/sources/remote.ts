import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TargetError } from '../errors.ts';
import { runGit, type GitOptions } from '../git/run.ts';
import { type ForgeFacts, type OpenLocalOptions, openLocalRepo } from './local.ts';
import type { OpenedRepo } from './repo.ts';
import { redactUrl, splitCredentials } from './targets.ts';

/** A repository audited through blueprint's own clone of it, in the cache. */
export interface RemoteRepo extends OpenedRepo {
  kind: 'remote';
  /** The URL it was cloned from, without credentials (safe to print). */
  url: string;
  /** The clone's folder: a bare repository, so there is no work tree. */
  workTree: null;
}

export interface OpenRemoteOptions extends Omit<OpenLocalOptions, 'forge' | 'fetch'> {
  /** Where clones are kept; each URL gets one folder, updated by fetch on later runs. */
  cacheDir: string;
  /** Milliseconds a clone or fetch may take (default 10 minutes). */
  timeoutMs?: number | undefined;
  /** Extra environment for clone and fetch, e.g. credentials as GIT_CONFIG_* entries (never logged). */
  env?: Record<string, string> | undefined;
  /** What the forge knows about the repository, read while it is cloned; null when it could not be read. */
  forge?: Promise<ForgeFacts | null> | undefined;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** The folder of a URL's clone: readable, and unique by a hash of the URL (credentials left out). */
export function cloneDir(cacheDir: string, url: string): string {
  const bare = splitCredentials(url).url;
  const hash = createHash('sha256').update(bare).digest('hex').slice(0, 16);
  const readable = redactUrl(bare)
    .replace(/[?#].*$/, '')
    .replace(/\.git$/, '');
  const name =
    readable
      .split(/[/:]/)
      .filter(Boolean)
      .slice(-2)
      .join('-')
      .replace(/[^\w.-]/g, '_') || 'repo';
  return join(cacheDir, 'repos', `${name}-${hash}.git`);
}

/** Why a clone or fetch failed, in our words: a server's messages are never repeated. */
function cloneError(url: string, stderr: string): TargetError {
  const shown = redactUrl(url);
  const [why, hint] = /could not read Username|Authentication failed|Permission denied|403|401/i.test(stderr)
    ? [
        'the host refused the credentials, or asked for some',
        'check your credentials for this host (git credential helper, SSH key, token)',
      ]
    : /not found|does not exist|not appear to be a git repository|access denied|not exported|404/i.test(stderr)
      ? ['the host has no such repository, or does not let you read it', 'check the URL and that you can read the repository']
      : /timed out/i.test(stderr)
        ? ['it took longer than the clone timeout', 'raise --clone-timeout, or check the network']
        : /Could not resolve host|Connection refused|unable to access|Network is unreachable|Connection reset|early EOF|unexpected disconnect/i.test(
              stderr,
            )
          ? ['the host could not be reached, or the connection broke', 'check the network and that the host is reachable']
          : /filtering not recognized|filter/i.test(stderr)
            ? ['the server does not support partial clones', 'audit a local clone of it instead']
            : ['git could not clone it', 'run `git clone` on the URL by hand to see what fails'];
  return new TargetError(`cannot clone ${shown}: ${why}`, hint);
}

/**
 * The whole config of a clone in the cache, written by blueprint every time it opens the clone.
 * Nothing else in it is trusted: a planted or edited config (an `uploadpack`, a `credential.helper`,
 * an `include.path`) is replaced before git reads it.
 */
function cloneConfig(url: string): string {
  const quoted = url.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return [
    '[core]',
    '\trepositoryformatversion = 1',
    '\tfilemode = true',
    '\tbare = true',
    '[remote "origin"]',
    `\turl = "${quoted}"`,
    '\tpromisor = true',
    '\tpartialclonefilter = blob:none',
    '[extensions]',
    '\tpartialClone = origin',
    '',
  ].join('\n');
}

async function enforceCloneConfig(dir: string, url: string): Promise<void> {
  const temp = join(dir, `config.${process.pid}.tmp`);
  await writeFile(temp, cloneConfig(url), { mode: 0o600 });
  await rename(temp, join(dir, 'config'));
  // Objects borrowed from elsewhere, hooks and attributes are not part of a clone blueprint made.
  await Promise.all([
    rm(join(dir, 'objects', 'info', 'alternates'), { force: true }),
    rm(join(dir, 'objects', 'info', 'http-alternates'), { force: true }),
    rm(join(dir, 'info', 'attributes'), { force: true }),
    rm(join(dir, 'hooks'), { recursive: true, force: true }),
  ]);
}

/** Credentials from the URL, as an HTTP header in git's environment: never on disk, never in argv. */
function credentialEnv(url: string, credentials: string | null): Record<string, string> {
  if (!credentials) return {};
  const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)/i.exec(url)?.[1];
  if (!origin || !/^https?:/i.test(origin)) return {};
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(decodeURIComponent(credentials)).toString('base64')}`,
  };
}

/** Merges two GIT_CONFIG_* environments. */
function mergeConfigEnv(a: Record<string, string>, b: Record<string, string> | undefined): Record<string, string> {
  if (!b) return a;
  const count = Number(a.GIT_CONFIG_COUNT ?? 0);
  const out: Record<string, string> = { ...b, ...Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith('GIT_CONFIG_'))) };
  const extra = Number(b.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; i < count; i++) {
    out[`GIT_CONFIG_KEY_${extra + i}`] = a[`GIT_CONFIG_KEY_${i}`]!;
    out[`GIT_CONFIG_VALUE_${extra + i}`] = a[`GIT_CONFIG_VALUE_${i}`]!;
  }
  out.GIT_CONFIG_COUNT = String(extra + count);
  return out;
}

/** Clones a URL into its folder of the cache, or fetches into the clone already there. */
async function cloneOrFetch(url: string, plainUrl: string, dir: string, cacheDir: string, network: GitOptions): Promise<void> {
  await mkdir(join(cacheDir, 'repos'), { recursive: true, mode: 0o700 });
  await chmod(cacheDir, 0o700).catch(() => undefined);
  const existing = await lstat(dir).catch(() => null);
  if (existing && !existing.isDirectory()) await rm(dir, { recursive: true, force: true });
  if (existing?.isDirectory()) {
    await enforceCloneConfig(dir, plainUrl);
    const fetched = await runGit(
      dir,
      ['fetch', '--quiet', '--prune', '--force', '--filter=blob:none', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'],
      network,
    );
    if (fetched.code !== 0) throw cloneError(url, fetched.stderr);
    // Follow a change of the remote's default branch.
    const head = await runGit(dir, ['ls-remote', '--symref', 'origin', 'HEAD'], network);
    const target = /^ref: (refs\/heads\/\S+)\s+HEAD$/m.exec(head.stdout)?.[1];
    if (target) await runGit(dir, ['symbolic-ref', 'HEAD', target], { safeDirectory: dir });
  } else {
    const cloned = await runGit(
      cacheDir,
      ['-c', 'init.templateDir=', 'clone', '--quiet', '--bare', '--filter=blob:none', '--', plainUrl, dir],
      network,
    );
    if (cloned.code !== 0) {
      await rm(dir, { recursive: true, force: true });
      throw cloneError(url, cloned.stderr);
    }
    await chmod(dir, 0o700).catch(() => undefined);
    await enforceCloneConfig(dir, plainUrl);
  }
}

/** Clones and fetches under way, by folder: two targets naming one repository must not clone it at once. */
const updating = new Map<string, Promise<void>>();

/** cloneOrFetch, after any other clone or fetch into the same folder has ended. */
function cloneOrFetchInTurn(url: string, plainUrl: string, dir: string, cacheDir: string, network: GitOptions): Promise<void> {
  const previous = updating.get(dir) ?? Promise.resolve();
  const turn = previous.catch(() => undefined).then(() => cloneOrFetch(url, plainUrl, dir, cacheDir, network));
  const settled = turn.catch(() => undefined);
  updating.set(dir, settled);
  void settled.then(() => updating.get(dir) === settled && updating.delete(dir));
  return turn;
}

/**
 * Opens a remote repository from a blobless, bare clone (all branches and tags, no checkout,
 * no file contents until a rule reads them), cloning it the first time and fetching after.
 * The cache is private (mode 700); credentials in the URL are passed to git as a header in its
 * environment and never written into the clone.
 */
export async function openRemoteRepo(url: string, options: OpenRemoteOptions): Promise<RemoteRepo> {
  const { url: plainUrl, credentials } = splitCredentials(url);
  const dir = cloneDir(options.cacheDir, url);
  const env = mergeConfigEnv(credentialEnv(plainUrl, credentials), options.env);
  const network: GitOptions = {
    network: true,
    safeDirectory: dir,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(Object.keys(env).length ? { env } : {}),
  };
  // A run that opens the repository again (trend's points) fetched it the first time.
  if (!options.memo?.fetched.has(dir)) {
    await cloneOrFetchInTurn(url, plainUrl, dir, options.cacheDir, network);
    options.memo?.fetched.add(dir);
  }
  // Our own clone, with our config: missing objects are fetched with the clone's network settings.
  const { forge, ...local } = options;
  const clone = await openLocalRepo(dir, { ...local, fetch: network, forge: await forge });
  return { ...clone, kind: 'remote', url: redactUrl(plainUrl), workTree: null };
}
