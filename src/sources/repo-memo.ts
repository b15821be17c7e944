import type { Segment } from '../history/assemble.ts';
import type { RecentHistory } from '../history/load.ts';
import type { UnmergedCommit } from '../history/types.ts';
import { countFileTextKept, countSegmentsTakenAhead, countTreeTakenAhead } from '../history/cache-work.ts';
import type { JudgementStates } from '../history/file-judgements.ts';
import type { KeptLastChanged } from '../history/last-changed.ts';
import type { KeptSearch } from '../history/search.ts';
import { PartialBlobs } from './partial-blobs.ts';

/** Files a trend's points pass on to the next as text (RepoMemo.keptText): none over a million characters, 32 million in all. */
const MAX_KEPT_TEXT = 1024 * 1024;
const MAX_KEPT_TEXTS_CHARS = 32 * 1024 * 1024;

/** The holder kept under `key`, made empty on first use: what one view leaves there the next one finds. */
function keptIn<T extends object>(holders: Map<string, T>, key: string): T {
  let kept = holders.get(key);
  if (!kept) holders.set(key, (kept = {} as T));
  return kept;
}

/**
 * What git says about one repository that does not change while a run reads it (its refs, its
 * default branch, where its git folder is, which first-parent commit stood at a date), kept for
 * every later open of it in the run: a trend opens the repository once per point, and each point
 * would otherwise ask git all of it again. Only answers that depend on the key alone go in.
 */
export class RepoMemo {
  private readonly answers = new Map<string, Promise<unknown>>();
  private readonly histories = new Map<string, RecentHistory>();
  /** Remote clones this run has cloned or fetched already, by folder. */
  readonly fetched = new Set<string>();

  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let answer = this.answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = make();
      this.answers.set(key, answer);
      // A failure is not kept: the next open asks again, and reports it as it would have.
      answer.catch(() => this.answers.get(key) === answer && this.answers.delete(key));
    }
    return answer;
  }

  /**
   * The history loaded last for a git folder and mining mode: the next point of a trend extends
   * it in memory instead of reading it back from the cache. One per repository, so a run holds
   * no more than the history it is working on.
   */
  recentHistory(key: string): RecentHistory | undefined {
    return this.histories.get(key);
  }

  keepHistory(key: string, history: RecentHistory): void {
    this.histories.set(key, history);
    this.kept = history;
  }

  /** The history kept last, of whichever key. */
  get latest(): RecentHistory | undefined {
    return this.kept;
  }

  private kept: RecentHistory | undefined;

  /**
   * Has only these commits' histories written to the history cache (by default every one is). A
   * trend's middle points need no entry: each is extended in memory from the point before, in this
   * run and in the next, and an entry is a copy of the whole history (20 MB for rails/rails) that
   * costs a serialization per point and crowds other repositories out of the cache's bound.
   */
  writeHistoriesOf(commits: Iterable<string>): void {
    this.written = new Set(commits);
  }

  writesHistoryOf(commit: string): boolean {
    return this.written?.has(commit) ?? true;
  }

  private written: ReadonlySet<string> | null = null;

  /**
   * The commits a run will audit one after another, each an ancestor of the next (a trend's
   * points, oldest first): once one's history is loaded, the commits the next one adds are mined
   * while this one is judged, by a git on the other core.
   */
  auditInOrder(commits: readonly string[]): void {
    this.nextAudited = new Map(commits.slice(1).map((next, i) => [commits[i]!, next]));
  }

  /** The commit audited after `commit`, if the run said (auditInOrder). */
  auditedAfter(commit: string): string | undefined {
    return this.nextAudited.get(commit);
  }

  private nextAudited = new Map<string, string>();

  /** `commit` and the commits the run will audit after it, in order (auditInOrder). */
  auditedFrom(commit: string): string[] {
    const order = [commit];
    for (let next = this.nextAudited.get(commit); next && !order.includes(next); next = this.nextAudited.get(next)) order.push(next);
    return order;
  }

  /** What the partial clone in `root` lacks, shared by every view of it in the run. */
  partialBlobs(root: string): PartialBlobs {
    let blobs = this.blobs.get(root);
    if (!blobs) this.blobs.set(root, (blobs = new PartialBlobs()));
    return blobs;
  }

  private readonly blobs = new Map<string, PartialBlobs>();

  /** Starts mining the commits of `commit` that `base` lacks, once per key; taken by the audit of `commit`. */
  prefetchSegments(key: string, mine: () => Promise<Segment[]>): void {
    if (this.segments.has(key)) return;
    const mined = mine();
    mined.catch(() => undefined);
    this.segments.set(key, mined);
  }

  /** The segments prefetched under `key`, given once: the history they extend holds them afterwards. */
  takeSegments(key: string): Promise<Segment[]> | undefined {
    const mined = this.segments.get(key);
    this.segments.delete(key);
    if (mined) countSegmentsTakenAhead();
    return mined;
  }

  private readonly segments = new Map<string, Promise<Segment[]>>();

  /** The last walk of the commits only branches hold in `gitDir` (src/sources/local.ts), for a later point to filter. */
  branchOnlyWalk(gitDir: string): BranchOnlyWalk | undefined {
    return this.branchOnlyWalks.get(gitDir);
  }

  keepBranchOnlyWalk(gitDir: string, walk: BranchOnlyWalk): void {
    this.branchOnlyWalks.set(gitDir, walk);
  }

  private readonly branchOnlyWalks = new Map<string, BranchOnlyWalk>();

  /** The file judgements of one repository's views in this run (src/history/file-judgements.ts). */
  judgementStates(key: string): JudgementStates {
    let states = this.judgements.get(key);
    if (!states) this.judgements.set(key, (states = new Map()));
    return states;
  }

  private readonly judgements = new Map<string, JudgementStates>();

  /**
   * Keeps a tree listed before its own view asks for it (a trend's next point, listed while the
   * point before is judged; a partial clone's later points, listed for the fetch of all of them).
   */
  keepTree<T>(key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.trees.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const tree = read();
    this.trees.set(key, tree);
    tree.catch(() => this.trees.get(key) === tree && this.trees.delete(key));
    return tree;
  }

  /** The tree kept under `key`, given once: the view that takes it holds it from then on. */
  takeTree<T>(key: string): Promise<T> | undefined {
    const tree = this.trees.get(key) as Promise<T> | undefined;
    this.trees.delete(key);
    if (tree) countTreeTakenAhead();
    return tree;
  }

  private readonly trees = new Map<string, Promise<unknown>>();

  /**
   * A blob as text, as a point before read it (an object's bytes never change, and a file's text
   * is its bytes decoded; null: binary): a trend's later points read again most of the files the
   * one before read (on rails/rails, 1,235 of 1,785 and 3,043 of 3,697 blobs at two quarterly
   * points), each one `cat-file` answer, one copy and one decoded string. Texts of at most
   * MAX_KEPT_TEXT characters, MAX_KEPT_TEXTS_CHARS in all, the least recently used out first.
   */
  keptText(gitDir: string, oid: string): string | null | undefined {
    const key = `${gitDir}\0${oid}`;
    const text = this.keptTexts.get(key);
    if (text !== undefined) {
      this.keptTexts.delete(key);
      this.keptTexts.set(key, text);
      countFileTextKept();
    }
    return text;
  }

  keepText(gitDir: string, oid: string, text: string | null): void {
    if (text !== null && text.length > MAX_KEPT_TEXT) return;
    const key = `${gitDir}\0${oid}`;
    if (this.keptTexts.has(key)) return;
    this.keptTexts.set(key, text);
    this.keptChars += text?.length ?? 1;
    for (const [old, kept] of this.keptTexts) {
      if (this.keptChars <= MAX_KEPT_TEXTS_CHARS) break;
      this.keptTexts.delete(old);
      this.keptChars -= kept?.length ?? 1;
    }
  }

  private readonly keptTexts = new Map<string, string | null>();
  private keptChars = 0;

  /** The last message search of one pattern in one repository in this run (src/history/search.ts). */
  keptSearch(key: string): KeptSearch {
    return keptIn(this.searches, key);
  }

  private readonly searches = new Map<string, KeptSearch>();

  /** The last view's answers of when paths last changed, in one repository and cache, in this run (src/history/last-changed.ts). */
  keptLastChanged(key: string): KeptLastChanged {
    return keptIn(this.lastChanged, key);
  }

  private readonly lastChanged = new Map<string, KeptLastChanged>();

  /** Records an answer known without asking git (trend knows its first-parent line). */
  set<T>(key: string, value: T): void {
    this.answers.set(key, Promise.resolve(value));
  }
}

/**
 * A walk of the commits the branch tips reach outside the whole mined history of `commit`: the
 * tips outside it in the order they were walked, each one's share of `found` ([start, end)), and
 * the commits in the order the walk found them.
 */
export interface BranchOnlyWalk {
  commit: string;
  tips: readonly string[];
  segments: ReadonlyArray<readonly [number, number]>;
  found: readonly UnmergedCommit[];
}

/** The key of git's commit time (`%ct`) of a commit, as `git log -1 --format=%ct` prints it. */
export const commitTimeKey = (sha: string) => `committed:${sha}`;

/** The key of a full commit id resolved as a commit (`rev-parse --verify <sha>^{commit}`). */
export const resolvedCommitKey = (sha: string) => `commit:${sha}`;

/** The key of "the last first-parent commit at or before `seconds`, from `tip`". */
export const firstParentAtKey = (tip: string, seconds: number) => `first-parent-at:${tip}:${seconds}`;

/** Answers asked without a memo: a run that opens each repository once. */
export const NO_MEMO = { once: <T>(_key: string, make: () => Promise<T>): Promise<T> => make() };
export type AnswerMemo = Pick<RepoMemo, 'once'>;
