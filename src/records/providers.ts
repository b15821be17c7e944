/** Record providers over opened sources: another repository's folder, a wiki, a list of issues. */
import { RUNBOOK_FOLDERS } from '../../rules/disaster-recovery/index.ts';
import type { ForgeRecord } from '../forge/types.ts';
import type { RepoView } from '../types.ts';
import { dateInFrontMatter, dateInName, findInTree } from '../util/records.ts';
import type { FoundRecord, RecordOrigin, RecordProvider, RecordQuery } from './context.ts';

/**
 * Folders a rule reads for context, not for its records (a DR rule counts runbooks beside its
 * tests): a source that lists records explicitly (issues) does not answer such a query.
 */
const SUPPORTING_FOLDERS = new Set<string>(RUNBOOK_FOLDERS);

export function treeProvider(view: RepoView, source: { label: string; kind: 'repository' | 'wiki'; path: string }): RecordProvider {
  const origin = (path: string): RecordOrigin => ({
    source: source.label,
    kind: source.kind,
    path,
    issue: null,
    url: null,
    author: null,
    state: null,
  });
  return {
    async find(query) {
      const records = await findInTree(view, query.folders, query.globs, query.matches, {
        prefix: source.path,
        loose: true,
        locate: (path) => `${source.label}:${path}`,
        origin,
      });
      return records.map((r) => ({ ...r, origin: r.origin ?? origin(r.path) }));
    },
  };
}

function isSupporting(query: RecordQuery): boolean {
  return query.folders.length > 0 && query.folders.every((f) => SUPPORTING_FOLDERS.has(f));
}

/**
 * Issues as records: the title as a heading, the body below; dated by the title, front matter, else
 * when opened. `label` names the repository as a target does (`<forge>:owner/name`).
 */
export function issueProvider(
  issues: readonly ForgeRecord[],
  source: { label: string; maxBytes: number; kind?: 'issues' | 'discussions' },
): RecordProvider {
  const kind = source.kind ?? 'issues';
  const label = source.label;
  const records: FoundRecord[] = issues
    .filter((i) => Buffer.byteLength(i.body) <= source.maxBytes)
    .map((issue) => {
      const text = `# ${issue.title}\n\n${issue.body.replace(/<!--[\s\S]*?-->/g, '')}`;
      const named = dateInName(issue.title);
      const front = named ? null : dateInFrontMatter(issue.body);
      return {
        path: `${label}#${issue.number}`,
        text,
        date: named ?? front ?? new Date(issue.createdAt),
        dateFrom: named ? 'name' : front ? 'front-matter' : 'forge',
        origin: {
          source: `${label} ${kind}`,
          kind,
          path: null,
          issue: issue.number,
          url: issue.url,
          author: issue.author,
          state: issue.state,
        },
      };
    });
  return { find: async (query) => (isSupporting(query) ? [] : records.map((r) => ({ ...r }))) };
}
