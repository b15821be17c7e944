/**
 * Which cached commit a new audit can extend: the first of the candidates (most recently used
 * first) that is an ancestor of the audited commit.
 *
 * Candidates are asked one at a time and the search stops at the first ancestor: it is nearly
 * always the first one asked (the previous audit of the branch, or trend's previous point), while
 * a candidate that is not an ancestor can cost git a walk of the whole history (without a
 * commit-graph, about half a second of CPU on 100,000 commits). Answers are kept for the process:
 * whether one commit id is an ancestor of another never changes, and the history, both message
 * searches and every point of a trend ask the same questions.
 */
import { runGit, type GitOptions } from '../git/run.ts';

const MAX_KEPT = 10_000;
const kept = new Map<string, Promise<boolean>>();
let asked = 0;

function isAncestor(gitDir: string, ancestor: string, commit: string, git: GitOptions): Promise<boolean> {
  const key = `${gitDir}\0${ancestor}\0${commit}`;
  let answer = kept.get(key);
  if (!answer) {
    if (kept.size >= MAX_KEPT) kept.clear();
    asked++;
    answer = runGit(gitDir, [`--git-dir=${gitDir}`, 'merge-base', '--is-ancestor', ancestor, commit], git).then((out) => out.code === 0);
    // A failed git run is not an answer to keep.
    answer.catch(() => kept.delete(key));
    kept.set(key, answer);
  }
  return answer;
}

/**
 * Records that `ancestor` is an ancestor of `commit`, known without asking git (trend's points lie
 * on one first-parent line).
 */
export function knownAncestor(gitDir: string, ancestor: string, commit: string): void {
  if (kept.size >= MAX_KEPT) kept.clear();
  kept.set(`${gitDir}\0${ancestor}\0${commit}`, Promise.resolve(true));
}

export async function firstAncestor(
  gitDir: string,
  candidates: readonly string[],
  commit: string,
  git: GitOptions = {},
): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (candidate !== commit && (await isAncestor(gitDir, candidate, commit, git))) return candidate;
  }
  return undefined;
}

/** How many ancestry questions went to git in this process (for tests). */
export function ancestryQuestionsAsked(): number {
  return asked;
}
