import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

export interface GitHubEndpoints {
  /** Web and git host, e.g. https://github.com or https://ghe.example.com. */
  webUrl: string;
  /** REST base: https://api.github.com, or <web>/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
}

/** github.com, or a GitHub Enterprise Server at `url` (its API lives under /api/v3). */
export function githubEndpoints(url?: string): GitHubEndpoints {
  if (!url) return { webUrl: 'https://github.com', apiUrl: 'https://api.github.com' };
  const web = url.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
  return { webUrl: web, apiUrl: `${web}/api/v3` };
}

/** GITHUB_TOKEN, else GH_TOKEN, else none (public repositories only, 60 requests an hour). */
export function tokenFromEnv(env: Record<string, string | undefined>): string | null {
  return env.GITHUB_TOKEN || env.GH_TOKEN || null;
}

export interface GitHubClientOptions extends GitHubEndpoints {
  token: string | null;
  /** Folder of the persistent HTTP cache (ETags), or null for none. */
  cacheDir: string | null;
  /** Longest wait, in seconds, for a rate limit to reset before giving up (default 900). */
  maxRateLimitWait?: number;
  onWarning?: (message: string) => void;
}

interface CachedResponse {
  etag: string;
  url: string;
  headers: Record<string, string>;
  data: unknown;
}

type RequestFn = ((options: Record<string, unknown>) => Promise<{ status: number; url: string; headers: Record<string, unknown>; data: unknown }>) & {
  endpoint: (options: Record<string, unknown>) => { method: string; url: string };
};

const ThrottledOctokit = Octokit.plugin(throttling, retry);

/**
 * Octokit with the throttling plugin (primary rate limit waited out up to a bound, secondary
 * limits backed off, Retry-After honoured), the retry plugin (5xx and network errors), and a
 * persistent ETag cache: a GET whose answer has not changed costs a 304, which GitHub does not
 * count against the rate limit, and is answered from the cache.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const maxWait = options.maxRateLimitWait ?? 900;
  const warn = options.onWarning ?? (() => undefined);
  const octokit = new ThrottledOctokit({
    baseUrl: options.apiUrl,
    ...(options.token ? { auth: options.token } : {}),
    userAgent: 'blueprint-audit',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    throttle: {
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        if (retryCount >= 2 || retryAfter > maxWait) {
          warn(`GitHub rate limit exhausted; it resets in ${retryAfter} s, longer than the ${maxWait} s blueprint waits`);
          return false;
        }
        warn(`GitHub rate limit exhausted; waiting ${retryAfter} s for it to reset`);
        return true;
      },
      onSecondaryRateLimit: (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => {
        if (retryCount >= 3) return false;
        warn(`GitHub secondary rate limit; backing off ${retryAfter} s`);
        return true;
      },
    },
    retry: { doNotRetry: [304, 400, 401, 403, 404, 410, 422, 451] },
  });
  if (options.cacheDir) installEtagCache(octokit, join(options.cacheDir, 'http'), options.token);
  return octokit;
}

function installEtagCache(octokit: Octokit, dir: string, token: string | null): void {
  // Different tokens may see different data: the token's hash is part of every key.
  const identity = token ? createHash('sha256').update(token).digest('hex') : 'anonymous';
  octokit.hook.wrap('request', async (request, options) => {
    const { method, url } = (octokit.request as unknown as RequestFn).endpoint(options as Record<string, unknown>);
    if (method !== 'GET') return request(options);
    const file = join(dir, `${createHash('sha256').update(`${identity}\n${url}`).digest('hex')}.json`);
    const cached = await readFile(file, 'utf8').then((t) => JSON.parse(t) as CachedResponse, () => null);
    // The hook chain hands every hook the same options object (new options passed to `request`
    // would be dropped by the inner hooks), so the header goes onto that object.
    if (cached) {
      const withHeaders = options as { headers?: Record<string, string> };
      withHeaders.headers = { ...withHeaders.headers, 'if-none-match': cached.etag };
    }
    try {
      const response = await request(options);
      const etag = (response.headers as Record<string, string | undefined>).etag;
      if (etag) {
        const entry: CachedResponse = { etag, url: response.url, headers: response.headers as Record<string, string>, data: response.data };
        await mkdir(dir, { recursive: true });
        const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
        await writeFile(temp, JSON.stringify(entry)).then(() => rename(temp, file)).catch(() => undefined);
      }
      return response;
    } catch (error) {
      if ((error as { status?: number }).status === 304 && cached) {
        return { status: 200, url: cached.url, headers: cached.headers, data: cached.data } as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
}
