import { UsageError } from '../errors.ts';
import type { ConnectContext, ForgeConnection, ForgeRepoName, GitAccess } from '../forge/types.ts';
import { repoKey } from '../forge/types.ts';
import { redactSecrets, redactUrl, splitCredentials } from '../sources/targets.ts';
import type { ForgeData } from '../types.ts';
import { createGitHubClient, githubEndpoints, tokenFromEnv } from './client.ts';
import { ForgeLoader } from './forge.ts';
import { listDiscussionRecords, listIssueRecords } from './issues.ts';
import type { GitHubOptions } from './options.ts';
import { filterRepositories, listRepositories } from './org.ts';
import { listTeamRepositories } from './teams.ts';

/** Said once per run on stderr, and in the notes of every GitHub repository's report. */
export const NO_TOKEN_WARNING = 'No GitHub token (GITHUB_TOKEN or GH_TOKEN): only public repositories, within 60 API requests an hour.';

/** Git credentials for the GitHub host, passed to git as environment config (never on a command line). */
function gitAuthEnv(webUrl: string, token: string | null): Record<string, string> | undefined {
  if (!token) return undefined;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${webUrl}/.extraheader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
  };
}

/** GitHub for one run: one API client, one batched loader of forge data, the stamps the listing gave. */
export async function connectGitHub(options: GitHubOptions, context: ConnectContext): Promise<ForgeConnection> {
  if (options.githubUrl !== undefined && splitCredentials(options.githubUrl).credentials !== null) {
    throw new UsageError(
      `--github-url ${redactUrl(options.githubUrl)} carries credentials`,
      "give the server's URL alone, and the token in GITHUB_TOKEN (or GH_TOKEN)",
    );
  }
  const endpoints = githubEndpoints(options.githubUrl);
  const token = options.token !== undefined ? options.token : tokenFromEnv(process.env);
  const octokit = createGitHubClient({
    ...endpoints,
    token,
    cacheDir: context.cacheDir,
    retry: options.retry,
    ...(context.onWarning ? { onWarning: context.onWarning } : {}),
  });
  const loader = new ForgeLoader(octokit, context.cacheDir, endpoints.webUrl, { readBackTo: context.readBackTo });
  // The listing's stamps spare a request per repository when its forge data is read.
  const stamps = new Map<string, string>();
  let loaded = new Map<string, Promise<ForgeData>>();
  const gitEnv = gitAuthEnv(endpoints.webUrl, token);
  const git = (path: string): GitAccess => ({ cloneUrl: `${endpoints.webUrl}/${path}.git`, gitEnv });
  const notes = [
    'Files and history come from a git clone; pull requests, branch protection and teams from the GitHub API.',
    ...(token ? [] : [NO_TOKEN_WARNING]),
  ];

  return {
    warnings: token ? [] : [NO_TOKEN_WARNING],
    secrets: token ? [token] : [],
    async listOrganisation(organisation, filter) {
      const listed = filterRepositories(await listRepositories(octokit, organisation), filter);
      for (const r of listed) stamps.set(repoKey(r), r.stamp);
      return listed.map((r): ForgeRepoName => ({ owner: r.owner, name: r.name }));
    },
    prepare(repos) {
      loaded = loader.load(repos.map((r) => ({ owner: r.owner, name: r.name, stamp: stamps.get(repoKey(r)) ?? null })));
    },
    open(repo) {
      const data = loaded.get(repoKey(repo)) ?? loader.load([{ ...repo, stamp: stamps.get(repoKey(repo)) ?? null }]).get(repoKey(repo))!;
      return {
        ...git(`${repo.owner}/${repo.name}`),
        data,
        notes,
        unavailable(error) {
          const why = redactSecrets(error instanceof Error ? error.message : 'unknown error', token);
          return {
            note: `GitHub API data unavailable: ${why}. Rules that use it (branch protection, pull requests, deployments, issues) were judged from git alone.`,
            limit: `GitHub API data was unavailable (${why}), so branch protection, pull requests, deployments and issues were not seen`,
          };
        },
      };
    },
    clone: (repo) => git(`${repo.owner}/${repo.name}`),
    wiki: (repo) => git(`${repo.owner}/${repo.name}.wiki`),
    async listRecords(repo, query) {
      const { issues, truncated } =
        query.kind === 'issues'
          ? await listIssueRecords(octokit, repo.owner, repo.name, query)
          : await listDiscussionRecords(octokit, repo.owner, repo.name, query);
      return { records: issues, truncated };
    },
    listTeam: (organisation, team) => listTeamRepositories(octokit, organisation, team),
  };
}
