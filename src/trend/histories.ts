import { runGit, type GitOptions } from '../git/run.ts';
import { hasCachedHistory, historyKey, writeCachedHistory } from '../history/cache.ts';
import { ancestorHistory } from '../history/derive.ts';
import { mineHistory } from '../history/mine.ts';
import type { MinedHistory } from '../history/types.ts';

interface SeedInput {
  root: string;
  gitDir: string;
  git: GitOptions;
  cacheDir: string;
  /** The points' commits, newest last: every one an ancestor of the last (they lie on one first-parent line). */
  commits: readonly string[];
}

/** The blob id of `.mailmap` at each commit ('' where there is none), in one git call. */
async function mailmaps(root: string, commits: readonly string[], git: GitOptions): Promise<string[]> {
  const out = await runGit(root, ['cat-file', '--batch-check=%(objectname)'], {
    ...git,
    input: commits.map((c) => `${c}:.mailmap\n`).join(''),
  });
  const lines = out.stdout.split('\n');
  return commits.map((_, i) => (/^[0-9a-f]{40,64}$/.test(lines[i] ?? '') ? lines[i]! : ''));
}

/**
 * One history pass for all points: the newest point's history is mined once, keeping each
 * commit's log record, and every older point's is derived from it (src/history/derive.ts) and
 * put in the history cache under the key its audit looks up, so that audit reads it instead of
 * running `git log` again. Where the derivation does not hold (another mailmap at that commit, a
 * shallow or partial clone), nothing is put, and that point's audit mines its own history, so a
 * point's result never depends on whether this ran. Returns how many histories it put, and the
 * newest point's history when it mined it.
 */
export async function seedHistories({
  root,
  gitDir,
  git,
  cacheDir,
  commits,
}: SeedInput): Promise<{ put: number; newest: MinedHistory | null }> {
  const none = { put: 0, newest: null };
  const distinct = [...new Set(commits)];
  if (distinct.length < 2) return none;
  const [shallow, promisor] = await Promise.all([
    runGit(root, ['rev-parse', '--is-shallow-repository'], git),
    runGit(root, ['config', '--get-regexp', '^remote\\..*\\.promisor$'], git),
  ]);
  if (shallow.stdout.trim() !== 'false' || promisor.stdout.trim()) return none;
  const wanted: string[] = [];
  for (const commit of distinct) if (!(await hasCachedHistory(cacheDir, historyKey(gitDir, commit)))) wanted.push(commit);
  if (wanted.length < 2) return none;
  const newest = distinct.at(-1)!;
  const maps = await mailmaps(root, [newest, ...wanted], git);
  const records: string[] = [];
  const history = await mineHistory(gitDir, newest, false, git, records);
  let put = 0;
  for (const [i, commit] of wanted.entries()) {
    if (maps[i + 1] !== maps[0]) continue;
    const derived = commit === newest ? history : ancestorHistory({ history, records }, commit);
    if (!derived) continue;
    // A cache that cannot be written only costs speed: the audit then mines the history itself.
    const written = await writeCachedHistory(cacheDir, historyKey(gitDir, commit), derived).then(
      () => true,
      () => false,
    );
    if (written) put++;
  }
  return { put, newest: history };
}
