import type { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { TargetError } from '../errors.ts';
import { globMatcher } from '../util/glob.ts';
import { requestFailure, UnexpectedResponse, type ResponseExpectation } from './client.ts';

export interface ListedRepo {
  owner: string;
  name: string;
  archived: boolean;
  fork: boolean;
  topics: string[];
  /** Changes whenever the repository does: pushes, settings, issues and pull requests. */
  stamp: string;
}

export interface RepoFilter {
  include?: readonly string[];
  exclude?: readonly string[];
  topics?: readonly string[];
  archived?: boolean;
  forks?: boolean;
}

/** What a stamp is made of, in GET /repos/{owner}/{repo}: updated_at is always there, pushed_at may be null. */
export const REPOSITORY_STAMP = z.object({ pushed_at: z.string().nullish(), updated_at: z.string() });

/** The fields of a listed repository we read (a "minimal repository", where most are optional). */
const LISTED_REPOSITORY = z.object({
  name: z.string(),
  owner: z.object({ login: z.string() }),
  archived: z.boolean().optional(),
  fork: z.boolean().optional(),
  topics: z.array(z.string()).optional(),
  pushed_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
const LISTING_PAGE = z.array(LISTED_REPOSITORY);

/** The hint for an answer GitHub would not give: a proxy, a wrong --github-url, or a bad moment. */
export const UNEXPECTED_HINT = 'try again later; if it keeps happening, check --github-url and any proxy between here and GitHub';

export function repoStamp(repo: { pushed_at?: string | null; updated_at?: string | null }): string {
  return `${repo.pushed_at ?? ''}|${repo.updated_at ?? ''}`;
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/**
 * Every page of a repository listing, each checked as it comes. Octokit's paginate would drop the
 * per-request options the check travels in, from the second page on.
 */
async function listAll(
  octokit: Octokit,
  route: string,
  parameters: Record<string, unknown>,
): Promise<Array<z.infer<typeof LISTED_REPOSITORY>>> {
  const request: ResponseExpectation = { expect: LISTING_PAGE };
  const repos: Array<z.infer<typeof LISTED_REPOSITORY>> = [];
  let response = await octokit.request(route, { ...parameters, request });
  for (;;) {
    repos.push(...(response.data as z.infer<typeof LISTING_PAGE>));
    const next = /<([^<>]+)>;\s*rel="next"/.exec(String(response.headers.link ?? ''))?.[1];
    if (!next) return repos;
    response = await octokit.request(`GET ${next}`, { request: { ...request } });
  }
}

function listingFailed(owner: string, error: unknown): TargetError {
  if (error instanceof UnexpectedResponse)
    return new TargetError(
      `GitHub returned an unexpected response listing the repositories of ${owner} (${error.problem})`,
      UNEXPECTED_HINT,
    );
  return new TargetError(`cannot list the repositories of ${owner}: ${requestFailure(error)}`, 'try again later, or check --github-url');
}

/** Every repository of an organisation, or of a user when no organisation has that name. */
export async function listRepositories(octokit: Octokit, owner: string): Promise<ListedRepo[]> {
  let repos: Array<z.infer<typeof LISTED_REPOSITORY>>;
  try {
    repos = await listAll(octokit, 'GET /orgs/{org}/repos', { org: owner, type: 'all', per_page: 100 });
  } catch (error) {
    if (status(error) === 401)
      throw new TargetError('GitHub rejected the token', 'check GITHUB_TOKEN (or GH_TOKEN): it may be expired or mistyped');
    if (status(error) !== 404) throw listingFailed(owner, error);
    try {
      repos = await listAll(octokit, 'GET /users/{username}/repos', { username: owner, type: 'owner', per_page: 100 });
    } catch (inner) {
      if (status(inner) === 404) throw new TargetError(`no GitHub organisation or user named '${owner}'`, 'check the name given to --org');
      throw listingFailed(owner, inner);
    }
  }
  return repos
    .map((r) => ({
      owner: r.owner.login,
      name: r.name,
      archived: r.archived ?? false,
      fork: r.fork ?? false,
      topics: r.topics ?? [],
      stamp: repoStamp(r),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Name globs (include, then exclude), topics (any of them), and archived repositories and forks only when asked. */
export function filterRepositories(repos: readonly ListedRepo[], filter: RepoFilter): ListedRepo[] {
  const include = filter.include?.length ? globMatcher(filter.include) : () => true;
  const exclude = globMatcher(filter.exclude ?? []);
  return repos.filter(
    (r) =>
      include(r.name) &&
      !exclude(r.name) &&
      (!filter.topics?.length || filter.topics.some((t) => r.topics.includes(t))) &&
      (filter.archived || !r.archived) &&
      (filter.forks || !r.fork),
  );
}
