import type { Octokit } from '@octokit/rest';
import { TargetError } from '../errors.ts';
import { globMatcher } from '../util/glob.ts';

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

interface ApiRepo {
  name: string;
  owner: { login: string };
  archived?: boolean;
  fork?: boolean;
  topics?: string[];
  pushed_at?: string | null;
  updated_at?: string | null;
}

export function repoStamp(repo: { pushed_at?: string | null; updated_at?: string | null }): string {
  return `${repo.pushed_at ?? ''}|${repo.updated_at ?? ''}`;
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/** Every repository of an organisation, or of a user when no organisation has that name. */
export async function listRepositories(octokit: Octokit, owner: string): Promise<ListedRepo[]> {
  let repos: ApiRepo[];
  try {
    repos = (await octokit.paginate('GET /orgs/{org}/repos', { org: owner, type: 'all', per_page: 100 })) as ApiRepo[];
  } catch (error) {
    if (status(error) === 401) throw new TargetError('GitHub rejected the token', 'check GITHUB_TOKEN (or GH_TOKEN): it may be expired or mistyped');
    if (status(error) !== 404) throw new TargetError(`cannot list the repositories of ${owner}: ${(error as Error).message}`, 'try again later, or check --github-url');
    try {
      repos = (await octokit.paginate('GET /users/{username}/repos', { username: owner, type: 'owner', per_page: 100 })) as ApiRepo[];
    } catch (inner) {
      if (status(inner) === 404) throw new TargetError(`no GitHub organisation or user named '${owner}'`, 'check the name given to --org');
      throw new TargetError(`cannot list the repositories of ${owner}: ${(inner as Error).message}`, 'try again later, or check --github-url');
    }
  }
  return repos
    .map((r) => ({ owner: r.owner.login, name: r.name, archived: r.archived ?? false, fork: r.fork ?? false, topics: r.topics ?? [], stamp: repoStamp(r) }))
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
