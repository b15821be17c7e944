/** A repository view with nothing in it: what a team's practices are evaluated on, their records all being elsewhere. */
import type { MinedHistory, RepoView } from '../types.ts';

export function emptyView(): RepoView {
  return {
    capabilities: new Set(['files', 'history', 'refs']),
    commit: '0'.repeat(40),
    files: async () => [],
    has: async () => false,
    readText: async () => null,
    readFile: async () => ({ text: null, why: 'missing' }),
    lastChanged: async () => null,
    refs: async () => [],
    defaultBranch: async () => null,
    history: async (): Promise<MinedHistory> => {
      throw new Error('no history: the records of this practice are kept outside any repository');
    },
    searchCommits: async () => [],
    unmergedCommits: async () => [],
    forge: async () => null,
  };
}
