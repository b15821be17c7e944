import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { RepositoryNotFound, TargetError } from '../errors.ts';
import type { ForgeData } from '../types.ts';
import { repoStamp } from './org.ts';

/** Repositories per GraphQL query: GitHub serialises GraphQL requests, so fewer, larger ones. */
const BATCH = 20;
/** Forge data older than this is fetched again even when the repository's stamp is unchanged. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Bumped whenever ForgeData gains a field, so older cache entries are fetched again. */
const CACHE_VERSION = 2;

const REPOSITORY_FIELDS = `
  nameWithOwner
  isArchived
  defaultBranchRef { name branchProtectionRule { requiresApprovingReviews requiredApprovingReviewCount requiresCodeOwnerReviews isAdminEnforced } }
  merged: pullRequests(states: MERGED, first: 50, orderBy: { field: UPDATED_AT, direction: DESC }) {
    nodes { number createdAt mergedAt baseRefName commits(first: 1) { nodes { commit { authoredDate } } } }
  }
  open: pullRequests(states: OPEN, first: 50, orderBy: { field: CREATED_AT, direction: ASC }) {
    nodes { number createdAt headRefName commits(first: 1) { nodes { commit { authoredDate } } } }
  }
  admins: collaborators(first: 100, affiliation: ALL) { edges { permission node { login } } }
  outside: collaborators(first: 100, affiliation: OUTSIDE) { nodes { login } }
  releases(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { tagName publishedAt isPrerelease isDraft } }
  deployments(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { environment createdAt latestStatus { state } } }
  issues(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {
    nodes { number createdAt closedAt labels(first: 20) { nodes { name } } comments(first: 1) { nodes { createdAt } } }
  }`;

const TEAMS_QUERY = `query($login: String!) {
  organization(login: $login) { teams(first: 100) { nodes { slug members(first: 100) { nodes { login } } } } }
}`;

interface PullNode {
  number: number;
  createdAt: string;
  mergedAt?: string;
  baseRefName?: string;
  headRefName?: string;
  commits: { nodes: Array<{ commit: { authoredDate: string } }> };
}

interface RepositoryNode {
  isArchived: boolean;
  defaultBranchRef: { name: string; branchProtectionRule: { requiresApprovingReviews: boolean; requiredApprovingReviewCount: number | null; requiresCodeOwnerReviews: boolean; isAdminEnforced: boolean } | null } | null;
  merged: { nodes: PullNode[] } | null;
  open: { nodes: PullNode[] } | null;
  admins: { edges: Array<{ permission: string; node: { login: string } }> } | null;
  outside: { nodes: Array<{ login: string }> } | null;
  releases: { nodes: Array<{ tagName: string; publishedAt: string | null; isPrerelease: boolean; isDraft: boolean }> } | null;
  deployments: { nodes: Array<{ environment: string | null; createdAt: string; latestStatus: { state: string } | null }> } | null;
  issues: { nodes: Array<{ number: number; createdAt: string; closedAt: string | null; labels: { nodes: Array<{ name: string }> } | null; comments: { nodes: Array<{ createdAt: string }> } }> } | null;
}

interface CacheEntry {
  version: number;
  stamp: string;
  fetchedAt: number;
  data: ForgeData;
}

export interface ForgeTarget {
  owner: string;
  name: string;
  /** From the organisation listing; null when unknown (a single named repository). */
  stamp: string | null;
}

function toForge(owner: string, name: string, repo: RepositoryNode, teams: Record<string, string[]>): ForgeData {
  const protection = repo.defaultBranchRef?.branchProtectionRule ?? null;
  const first = (p: PullNode) => p.commits.nodes[0]?.commit.authoredDate ?? null;
  return {
    owner,
    name,
    defaultBranch: repo.defaultBranchRef?.name ?? null,
    archived: repo.isArchived,
    protection: protection && {
      requiredReviews: protection.requiresApprovingReviews ? (protection.requiredApprovingReviewCount ?? 1) : 0,
      codeOwnerReviews: protection.requiresCodeOwnerReviews,
      adminsEnforced: protection.isAdminEnforced,
    },
    mergedPullRequests: (repo.merged?.nodes ?? []).map((p) => ({ number: p.number, createdAt: p.createdAt, mergedAt: p.mergedAt!, baseRef: p.baseRefName ?? '', firstCommitAt: first(p) })),
    openPullRequests: (repo.open?.nodes ?? []).map((p) => ({ number: p.number, createdAt: p.createdAt, headRef: p.headRefName ?? '', firstCommitAt: first(p) })),
    collaborators:
      repo.admins && repo.outside
        ? { admins: repo.admins.edges.filter((e) => e.permission === 'ADMIN').map((e) => e.node.login).sort(), outside: repo.outside.nodes.map((n) => n.login).sort() }
        : null,
    teams,
    releases: (repo.releases?.nodes ?? [])
      .filter((r) => !r.isDraft && r.publishedAt)
      .map((r) => ({ tagName: r.tagName, publishedAt: r.publishedAt!, prerelease: r.isPrerelease })),
    deployments: (repo.deployments?.nodes ?? []).map((d) => ({ environment: d.environment ?? '', createdAt: d.createdAt, state: d.latestStatus?.state.toLowerCase() ?? null })),
    issues: (repo.issues?.nodes ?? []).map((i) => ({
      number: i.number,
      createdAt: i.createdAt,
      closedAt: i.closedAt,
      labels: (i.labels?.nodes ?? []).map((l) => l.name.toLowerCase()),
      firstCommentAt: i.comments.nodes[0]?.createdAt ?? null,
    })),
  };
}

/** GraphQL data and errors, whether or not the response had errors (partial data is normal). */
async function graphql(octokit: Octokit, query: string, variables: Record<string, string>): Promise<{ data: Record<string, unknown>; errors: Array<{ path?: Array<string | number>; type?: string; message: string }> }> {
  try {
    return { data: (await octokit.graphql(query, variables)) as Record<string, unknown>, errors: [] };
  } catch (error) {
    const partial = error as { data?: Record<string, unknown>; errors?: Array<{ path?: Array<string | number>; type?: string; message: string }> };
    if (partial.data && partial.errors) return { data: partial.data, errors: partial.errors };
    throw error;
  }
}

/**
 * Pull requests, branch protection, collaborators and teams of GitHub repositories, fetched in
 * batches (one GraphQL query for many repositories) and kept on disk with the repository's
 * stamp, so an unchanged repository costs no GraphQL request at all.
 */
export class ForgeLoader {
  private readonly teams = new Map<string, Promise<Record<string, string[]>>>();

  constructor(
    private readonly octokit: Octokit,
    private readonly cacheDir: string | null,
    private readonly host: string,
  ) {}

  private cacheFile(owner: string, name: string): string | null {
    if (!this.cacheDir) return null;
    const hostKey = createHash('sha256').update(this.host).digest('hex').slice(0, 12);
    return join(this.cacheDir, 'forge', hostKey, owner.toLowerCase(), `${name.toLowerCase()}.json`);
  }

  private async cached(target: ForgeTarget & { stamp: string }): Promise<ForgeData | null> {
    const file = this.cacheFile(target.owner, target.name);
    if (!file) return null;
    const entry = await readFile(file, 'utf8').then((t) => JSON.parse(t) as CacheEntry, () => null);
    return entry && entry.version === CACHE_VERSION && entry.stamp === target.stamp && Date.now() - entry.fetchedAt < MAX_AGE_MS ? entry.data : null;
  }

  private async store(target: ForgeTarget & { stamp: string }, data: ForgeData): Promise<void> {
    const file = this.cacheFile(target.owner, target.name);
    if (!file) return;
    await mkdir(join(file, '..'), { recursive: true });
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify({ version: CACHE_VERSION, stamp: target.stamp, fetchedAt: Date.now(), data } satisfies CacheEntry))
      .then(() => rename(temp, file))
      .catch(() => undefined);
  }

  /** Teams of an organisation with their members; none for a user account. */
  private teamsOf(owner: string): Promise<Record<string, string[]>> {
    let hit = this.teams.get(owner.toLowerCase());
    if (!hit) {
      hit = graphql(this.octokit, TEAMS_QUERY, { login: owner }).then(({ data }) => {
        const org = data.organization as { teams: { nodes: Array<{ slug: string; members: { nodes: Array<{ login: string }> } }> } } | null;
        return Object.fromEntries((org?.teams.nodes ?? []).map((t) => [`${owner}/${t.slug}`.toLowerCase(), t.members.nodes.map((m) => m.login).sort()]));
      }, () => ({}));
      this.teams.set(owner.toLowerCase(), hit);
    }
    return hit;
  }

  /** A stamp for a repository named on its own: one conditional GET (a 304 when unchanged). */
  private async stampOf(target: ForgeTarget): Promise<string> {
    if (target.stamp) return target.stamp;
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', { owner: target.owner, repo: target.name });
      return repoStamp(data);
    } catch (error) {
      const code = (error as { status?: number }).status;
      if (code === 404) throw new RepositoryNotFound(`GitHub repository ${target.owner}/${target.name} not found, or not visible to this token`, 'check the name, and set GITHUB_TOKEN for private repositories');
      if (code === 401) throw new TargetError('GitHub rejected the token', 'check GITHUB_TOKEN (or GH_TOKEN): it may be expired or mistyped');
      throw new TargetError(`cannot read ${target.owner}/${target.name} from GitHub: ${(error as Error).message}`, 'try again later');
    }
  }

  /** Starts loading every target; each promise settles on its own, so one failure spoils nothing else. */
  load(targets: readonly ForgeTarget[]): Map<string, Promise<ForgeData>> {
    const results = new Map<string, Promise<ForgeData>>();
    const pending: Array<{ target: ForgeTarget & { stamp: string }; resolve: (d: ForgeData) => void; reject: (e: unknown) => void }> = [];
    let scheduled: Promise<void> | null = null;
    const flush = async () => {
      await Promise.resolve();
      while (pending.length) await this.fetchBatch(pending.splice(0, BATCH));
    };
    for (const target of targets) {
      const key = `${target.owner}/${target.name}`.toLowerCase();
      results.set(
        key,
        (async () => {
          const stamped = { ...target, stamp: await this.stampOf(target) };
          const hit = await this.cached(stamped);
          if (hit) return hit;
          return new Promise<ForgeData>((resolve, reject) => {
            pending.push({ target: stamped, resolve, reject });
            scheduled ??= new Promise<void>((r) => setTimeout(r, 5)).then(flush).finally(() => (scheduled = null));
          });
        })(),
      );
    }
    return results;
  }

  private async fetchBatch(batch: Array<{ target: ForgeTarget & { stamp: string }; resolve: (d: ForgeData) => void; reject: (e: unknown) => void }>): Promise<void> {
    const variables: Record<string, string> = {};
    const declarations: string[] = [];
    const fields: string[] = [];
    batch.forEach(({ target }, i) => {
      variables[`o${i}`] = target.owner;
      variables[`n${i}`] = target.name;
      declarations.push(`$o${i}: String!, $n${i}: String!`);
      fields.push(`r${i}: repository(owner: $o${i}, name: $n${i}) { ...Repo }`);
    });
    const query = `query(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}\nfragment Repo on Repository {${REPOSITORY_FIELDS}\n}`;
    let response: Awaited<ReturnType<typeof graphql>>;
    try {
      response = await graphql(this.octokit, query, variables);
    } catch (error) {
      const why = (error as { status?: number }).status === 401 ? 'GitHub rejected the token' : `GitHub GraphQL request failed: ${(error as Error).message}`;
      for (const item of batch) item.reject(new TargetError(why, 'check GITHUB_TOKEN, or try again later'));
      return;
    }
    await Promise.all(
      batch.map(async ({ target, resolve, reject }, i) => {
        const repo = response.data[`r${i}`] as RepositoryNode | null | undefined;
        if (!repo) {
          const error = response.errors.find((e) => e.path?.[0] === `r${i}`);
          reject(new RepositoryNotFound(`GitHub repository ${target.owner}/${target.name} not found, or not visible to this token${error ? ` (${error.message})` : ''}`, 'check the name, and set GITHUB_TOKEN for private repositories'));
          return;
        }
        const data = toForge(target.owner, target.name, repo, await this.teamsOf(target.owner));
        await this.store(target, data);
        resolve(data);
      }),
    );
  }
}
