import type { Octokit } from '@octokit/rest';
import { z } from 'zod';
import type { DatedForgeField } from '../types.ts';
import { requestFailure, UnexpectedResponse } from './client.ts';
import { PAGED_LISTS, PAGED_SHAPES, listSelection, type PagedAlias, type PagedConnections } from './dated-lists.ts';
import { graphql } from './graphql.ts';

/** Pages read of each list at most, the first included: 500 merged pull requests, 1,000 of each other list. */
export const MAX_PAGES = 10;

export interface ReadBack<R extends PagedConnections> {
  /** The repository's lists with every page read appended. */
  repo: R;
  /** What stopped a list that is still short: the cap, or a page that failed. */
  stoppedBy: Partial<Record<DatedForgeField, string>>;
  /** Whether a page failed: then what was read stands for this run only, and is not kept. */
  failed: boolean;
}

/** One list's next page appended to what was read: a node already read (the list moved in between) is not taken twice. */
function appended<A extends PagedAlias>(alias: A, read: NonNullable<PagedConnections[A]>, page: NonNullable<PagedConnections[A]>) {
  const identity = PAGED_LISTS[alias].identity as (node: unknown) => string | number | null;
  const seen = new Set(read.nodes.map(identity));
  const fresh = page.nodes.filter((n) => {
    const id = identity(n);
    return id === null || !seen.has(id);
  });
  return { ...read, nodes: [...read.nodes, ...fresh], pageInfo: page.pageInfo };
}

/**
 * A repository's dated lists read further back, one query per round for every list still
 * `short` (and with more to read), each from where its last page ended, until none is short or
 * a list has MAX_PAGES pages. The first page came with the organisation's batch; these pages
 * are for this repository alone. A page that fails stops its list where it is, with the reason.
 */
export async function readBack<R extends PagedConnections>(
  octokit: Octokit,
  repository: { owner: string; name: string },
  first: R,
  short: (repo: R) => readonly PagedAlias[],
): Promise<ReadBack<R>> {
  let repo = first;
  const pages = new Map<PagedAlias, number>();
  const stoppedBy: Partial<Record<DatedForgeField, string>> = {};
  let failed = false;
  for (;;) {
    const round: PagedAlias[] = [];
    for (const alias of short(repo)) {
      const list = PAGED_LISTS[alias];
      if (stoppedBy[list.field] || !repo[alias]?.pageInfo.hasNextPage || !repo[alias].pageInfo.endCursor) continue;
      if ((pages.get(alias) ?? 1) < MAX_PAGES) round.push(alias);
      else stoppedBy[list.field] = `blueprint reads no more than ${MAX_PAGES} pages (${MAX_PAGES * list.size} entries)`;
    }
    if (!round.length) return { repo, stoppedBy, failed };
    const answer = z.object({
      repository: z.object(Object.fromEntries(round.map((alias) => [alias, PAGED_SHAPES[alias].nullable()]))).nullable(),
    });
    const query = `query($owner: String!, $name: String!, ${round.map((alias) => `$${alias}: String!`).join(', ')}) {
  repository(owner: $owner, name: $name) {
    ${round.map((alias) => listSelection(alias, `$${alias}`)).join('\n    ')}
  }
}`;
    const variables: Record<string, string> = { owner: repository.owner, name: repository.name };
    for (const alias of round) variables[alias] = repo[alias]!.pageInfo.endCursor!;
    let data: Partial<PagedConnections> | null = null;
    let why: string | null = null;
    try {
      const response = await graphql(octokit, query, variables, answer);
      data = (response.data?.repository as Partial<PagedConnections> | null | undefined) ?? null;
      if (!data) why = response.errors[0]?.message ?? 'the answer held no repository';
    } catch (error) {
      why =
        error instanceof UnexpectedResponse
          ? `GitHub returned an unexpected response (${error.problem})`
          : (error as { status?: number }).status === 401
            ? 'GitHub rejected the token'
            : `GitHub GraphQL request failed: ${requestFailure(error)}`;
    }
    const next = { ...repo };
    for (const alias of round) {
      const page = data?.[alias];
      pages.set(alias, (pages.get(alias) ?? 1) + 1);
      if (page) {
        (next as PagedConnections)[alias] = appended(alias, repo[alias]!, page as never) as never;
        continue;
      }
      failed = true;
      stoppedBy[PAGED_LISTS[alias].field] = `reading further back failed: ${why ?? 'the answer held no such list'}`;
    }
    repo = next;
  }
}
