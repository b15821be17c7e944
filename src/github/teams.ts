/** The repositories of a GitHub team, for `teams: { <name>: { github: <slug> } }` in an organisation's blueprint. */
import type { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { requestFailure, type ResponseExpectation } from './client.ts';

const PAGE = z.array(z.object({ name: z.string(), owner: z.object({ login: z.string() }) }));
const MAX_PAGES = 10;

/** owner/name of every repository the team has access to. */
export async function listTeamRepositories(octokit: Octokit, org: string, slug: string): Promise<string[]> {
  const request: ResponseExpectation = { expect: PAGE };
  const names: string[] = [];
  try {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const response = await octokit.request('GET /orgs/{org}/teams/{team_slug}/repos', {
        org,
        team_slug: slug,
        per_page: 100,
        page,
        request,
      });
      const list = response.data as unknown as z.infer<typeof PAGE>;
      names.push(...list.map((r) => `${r.owner.login}/${r.name}`));
      if (list.length < 100) break;
    }
  } catch (error) {
    throw new Error(`the repositories of the GitHub team ${org}/${slug} could not be listed: ${requestFailure(error)}`);
  }
  return names.sort();
}
