import { UsageError } from '../errors.ts';
import type { Forge, ForgeRepoName } from '../forge/types.ts';
import type { GitHubOptions } from './options.ts';

const PREFIX = 'github:';
const OWNER_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

function ownerName(text: string): ForgeRepoName | null {
  const match = OWNER_NAME.exec(text.replace(/\.git$/, ''));
  return match ? { owner: match[1]!, name: match[2]! } : null;
}

/**
 * GitHub (github.com or an Enterprise Server): `github:owner/name` targets, and `owner/name` with
 * `github: true`. Octokit and its plugins are loaded by `connect` alone: they cost a local audit ~100 ms.
 */
export const github: Forge<GitHubOptions> = {
  id: 'github',
  title: 'GitHub',
  capabilities: ['forge'],
  parseTarget(input, options) {
    const trimmed = input.trim();
    if (trimmed.startsWith(PREFIX)) {
      const repo = ownerName(trimmed.slice(PREFIX.length));
      if (!repo) throw new UsageError(`'${input}' is not a GitHub repository`, 'write it as github:owner/name');
      return repo;
    }
    return options.github ? ownerName(trimmed) : null;
  },
  listsOrganisations: () => true,
  organisationRepository: '.github',
  recordKinds: ['issues', 'discussions'],
  async connect(options, context) {
    const { connectGitHub } = await import('./connection.ts');
    return connectGitHub(options, context);
  },
};
