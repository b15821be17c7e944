import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { z } from 'zod';

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
  /** Longest time, in milliseconds, one attempt at a request may take, body included (default 60 s). */
  requestTimeoutMs?: number;
  onWarning?: (message: string) => void;
  /**
   * Timing of waits: `delayMs` is the length of one unit (default 1000). A retried error waits
   * 1, 4 and 9 units; a rate limit waits its Retry-After or reset, in seconds, as units; GraphQL
   * requests go one at a time, one unit apart. Tests set it to a millisecond so they do not wait
   * real seconds; messages still say seconds.
   */
  retry?: RetryTiming | undefined;
}

export interface RetryTiming {
  /** Milliseconds in one unit of waiting (default 1000). */
  delayMs: number;
}

interface CachedResponse {
  etag: string;
  url: string;
  headers: Record<string, string>;
  data: unknown;
}

type RequestFn = ((
  options: Record<string, unknown>,
) => Promise<{ status: number; url: string; headers: Record<string, unknown>; data: unknown }>) & {
  endpoint: (options: Record<string, unknown>) => { method: string; url: string };
};

/**
 * What a request expects back, passed as `request: { expect: schema }`: the shape of the fields we
 * read. An answer of another shape is retried like a server error, and its parsed form (unknown
 * fields dropped, defaults applied) is what the caller receives.
 */
export interface ResponseExpectation {
  expect?: z.ZodType;
}

/** A 200 the retry plugin should retry: it reads `status`, and `request.request.retries`. */
abstract class BadAnswer extends Error {
  readonly status = 502;
  /** The request as the retry plugin reads it; no credentials. */
  readonly request: Record<string, unknown>;

  constructor(
    message: string,
    readonly response: { status: number; url: string; headers: Record<string, unknown>; data: unknown },
    options: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
    const headers = { ...(options.headers as Record<string, string> | undefined) };
    delete headers.authorization;
    this.request = { ...options, headers };
  }
}

/**
 * A 200 that is not what the endpoint returns: not JSON (a proxy's sign-in page) or JSON of
 * another shape. `problem` says what was wrong without quoting the body, which may hold anything.
 * Its 502 status (a bad answer from upstream) has the retry plugin retry it with its backoff; the
 * answer is kept as `response`, so a caller can salvage the parts that are well formed.
 */
export class UnexpectedResponse extends BadAnswer {
  constructor(
    readonly problem: string,
    response: BadAnswer['response'],
    options: Record<string, unknown>,
  ) {
    super(`GitHub returned an unexpected response (${problem})`, response, options);
  }
}

/** The message of an answer whose connection closed early, however the client noticed. */
const CUT_SHORT = 'the connection closed before the answer was complete';

/**
 * A body that ended before its Content-Length: the client reads it as empty. The same failure
 * surfaces as a network error when the connection closes as the headers arrive, so both read the
 * same, as a failed request rather than an unexpected answer.
 */
export class IncompleteResponse extends BadAnswer {
  constructor(response: BadAnswer['response'], options: Record<string, unknown>) {
    super(CUT_SHORT, response, options);
  }
}

/** What is wrong with an answer that is not JSON, by its type, never its content. */
function notJson(response: { headers: Record<string, unknown>; data: unknown }): string {
  const type = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (response.data === '' || (response.data instanceof ArrayBuffer && response.data.byteLength === 0)) return 'an empty body';
  if (type === 'text/html') return 'an HTML page instead of JSON';
  if (type === 'application/json' || type === '') return 'a body that is not valid JSON';
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? `a ${type} body instead of JSON` : 'a body that is not JSON';
}

/**
 * The first of a zod error's issues, as "where: what", with a count of the rest; `root` names
 * what was parsed when it is part of an answer (e.g. "repository").
 */
export function describeIssues(error: z.ZodError, root?: string): string {
  const [first] = error.issues;
  if (!first) return 'JSON of the wrong shape';
  const path = first.path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i || root ? '.' : ''}${String(key)}`)).join('');
  const where = root ? `${root}${path}` : path || 'the body';
  const missing = first.code === 'invalid_type' && / received undefined$/.test(first.message);
  const what = missing ? `${where} is missing` : `${where}: ${first.message.replace(/^Invalid input: /, '')}`;
  const more = error.issues.length - 1;
  return `JSON of the wrong shape: ${what}${more ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : ''}`;
}

/** Checks the answer against `expect`, and gives every attempt its own time limit. */
const responseChecks: Parameters<typeof Octokit.plugin>[0] = (octokit, options) => {
  const timeout = (options.requestTimeoutMs as number | undefined) ?? 60_000;
  octokit.hook.wrap('request', async (request, options) => {
    const settings = (options.request ??= {}) as ResponseExpectation & { signal?: AbortSignal };
    // Without a limit a body that stops coming holds the run; an aborted attempt is retried.
    settings.signal = AbortSignal.timeout(timeout);
    const response = await request(options);
    if (!settings.expect) return response;
    const empty = response.data === '' || (response.data instanceof ArrayBuffer && response.data.byteLength === 0);
    if (empty && Number(response.headers['content-length'] ?? 0) > 0)
      throw new IncompleteResponse(response, options as unknown as Record<string, unknown>);
    const problem =
      typeof response.data === 'string' || response.data instanceof ArrayBuffer
        ? notJson(response)
        : (() => {
            const parsed = settings.expect.safeParse(response.data);
            if (!parsed.success) return describeIssues(parsed.error);
            response.data = parsed.data;
            return null;
          })();
    if (problem) throw new UnexpectedResponse(problem, response, options as unknown as Record<string, unknown>);
    return response;
  });
};

/** Whether a value is what `expect` asks for (true when nothing is asked). */
function matches(expect: z.ZodType | undefined, data: unknown): boolean {
  return !expect || expect.safeParse(data).success;
}

/**
 * What went wrong with a request, in one line and in GitHub's words where it gave some, but never
 * a body that is not GitHub's JSON (an error page from a proxy would be printed whole).
 */
export function requestFailure(error: unknown): string {
  if (error instanceof UnexpectedResponse) return error.problem;
  if (error instanceof IncompleteResponse) return CUT_SHORT;
  const failed = error as { status?: number; response?: { data?: unknown }; errors?: Array<{ message?: unknown }>; message?: unknown };
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (Array.isArray(failed.errors) && failed.errors.length) return oneLine(failed.errors.map((e) => String(e.message ?? '')).join('; '));
  if (failed.response) {
    const data = failed.response.data;
    const message =
      data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
        ? (data as { message: string }).message
        : null;
    return message ? `${oneLine(message)} (HTTP ${failed.status})` : `HTTP ${failed.status}`;
  }
  // No answer, or part of one: the fetch error's own words are terse ("other side closed").
  const message = typeof failed.message === 'string' ? failed.message : String(error);
  if (/other side closed|terminated|socket hang up|ECONNRESET/i.test(message)) return CUT_SHORT;
  if (/aborted due to timeout/i.test(message)) return 'GitHub did not answer in time';
  return oneLine(message);
}

const ThrottledOctokit = Octokit.plugin(responseChecks, throttling, retry);

/**
 * The throttling plugin's gate for GraphQL requests (and writes): one at a time, `minTimeMs`
 * apart, where the plugin's own gate keeps them a second apart. It only ever calls
 * `key(id).schedule(options, job)` on it.
 */
function spacedGate(minTimeMs: number) {
  let free: Promise<unknown> = Promise.resolve();
  const limiter = {
    schedule<T>(_options: unknown, job: (...args: unknown[]) => T | Promise<T>, ...args: unknown[]): Promise<T> {
      const run = free.then(() => job(...args));
      const pause = () => new Promise((resolve) => setTimeout(resolve, minTimeMs));
      free = run.then(pause, pause);
      return run;
    },
  };
  return { key: () => limiter };
}

/**
 * Octokit with the throttling plugin (primary rate limit waited out up to a bound, secondary
 * limits backed off, Retry-After honoured), the retry plugin (5xx and network errors), and a
 * persistent ETag cache: a GET whose answer has not changed costs a 304, which GitHub does not
 * count against the rate limit, and is answered from the cache.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const maxWait = options.maxRateLimitWait ?? 900;
  const warn = options.onWarning ?? (() => undefined);
  const unitMs = options.retry?.delayMs ?? 1000;
  const octokit = new ThrottledOctokit({
    baseUrl: options.apiUrl,
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.token ? { auth: options.token } : {}),
    userAgent: 'blueprint-audit',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    throttle: {
      retryAfterBaseValue: unitMs,
      // Without injected timing, the plugin's own gate (shared by every client, a second apart).
      // (The plugin types it as a Bottleneck group; it calls key().schedule() alone.)
      ...(options.retry ? { write: spacedGate(unitMs) as never } : {}),
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
    retry: { doNotRetry: [304, 400, 401, 403, 404, 409, 410, 422, 451], retryAfterBaseValue: unitMs },
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
    const stored = await readFile(file, 'utf8').then(
      (t) => JSON.parse(t) as CachedResponse,
      () => null,
    );
    // An answer kept by an older version, or damaged on disk, is not trusted: ask afresh.
    const cached =
      stored && typeof stored.etag === 'string' && matches((options.request as ResponseExpectation | undefined)?.expect, stored.data)
        ? stored
        : null;
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
        await writeFile(temp, JSON.stringify(entry))
          .then(() => rename(temp, file))
          .catch(() => undefined);
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
