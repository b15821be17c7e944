/** What git says about the sampled line and the commits between two points. */
import { git, type GitOptions } from '../git/run.ts';

export interface LineCommit {
  sha: string;
  /** Committer time, seconds. */
  commitTime: number;
}

/**
 * The first-parent line of `tip`, newest first, down to the first commit committed at or before
 * `oldest` (the line's older part cannot be any sample's commit: see commitAt), or whole without it.
 * rails/rails's line is 46,000 commits, and git reads each one's object to list it.
 */
export async function firstParentLine(root: string, tip: string, options: GitOptions, oldest?: Date): Promise<LineCommit[]> {
  const before = oldest ? oldest.getTime() / 1000 : null;
  let carry = '';
  // Seen the commit at or before `oldest`: whole lines only, so a time cut short is never read.
  const enough = (chunk: Buffer): boolean => {
    const lines = (carry + chunk.toString('latin1')).split('\n');
    carry = lines.pop() ?? '';
    return lines.some((line) => Number(line.slice(line.indexOf(' ') + 1)) <= before!);
  };
  const out = await git(root, ['log', '--first-parent', '--format=%H %ct', tip, '--'], before === null ? options : { ...options, enough });
  const complete = out.endsWith('\n') ? out : out.slice(0, out.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha = '', at = '0'] = line.split(' ');
      return { sha, commitTime: Number(at) };
    });
}

/**
 * The last first-parent commit at or before `date`: the first one, walking back from the tip,
 * committed then or earlier (what `git rev-list -1 --first-parent --before` picks).
 */
export function commitAt(line: readonly LineCommit[], date: Date): LineCommit | null {
  const seconds = date.getTime() / 1000;
  return line.find((c) => c.commitTime <= seconds) ?? null;
}

export type PathChange = { status: 'added' | 'deleted' | 'changed'; path: string };

export interface IntervalCommit {
  sha: string;
  /** Author time, seconds. */
  authorTime: number;
  author: string;
  email: string;
  subject: string;
  changes: PathChange[];
}

const STATUS: Record<string, PathChange['status']> = { A: 'added', D: 'deleted', M: 'changed', T: 'changed' };
/** Most output one interval's log may produce; past it the attribution lists what it read. */
const MAX_INTERVAL_BYTES = 64 * 1024 * 1024;

/**
 * Commits reachable from `to` and not from `from` (every commit, not only first parents), newest
 * first, with the paths each changed against its first parent. Renames are a deletion and an
 * addition, so a rule that read either path sees the commit.
 */
export async function commitsBetween(root: string, from: string | null, to: string, options: GitOptions): Promise<IntervalCommit[]> {
  const range = from ? [`${from}..${to}`] : [to];
  const out = await git(
    root,
    [
      '-c',
      'core.quotePath=false',
      'log',
      '-z',
      '--no-renames',
      '--name-status',
      '--no-ext-diff',
      '--no-textconv',
      '--format=%x01%H%x1f%at%x1f%aN%x1f%aE%x1f%s',
      ...range,
      '--',
    ],
    { ...options, maxOutputBytes: MAX_INTERVAL_BYTES },
  );
  const commits: IntervalCommit[] = [];
  for (const record of out.split('\x01')) {
    if (!record) continue;
    const end = record.indexOf('\0');
    const header = end < 0 ? record.trim() : record.slice(0, end).trim();
    const [sha = '', at = '0', author = '', email = '', subject = ''] = header.split('\x1f');
    if (!/^[0-9a-f]{40,64}$/.test(sha)) continue;
    const changes: PathChange[] = [];
    const fields =
      end < 0
        ? []
        : record
            .slice(end + 1)
            .replace(/^\n/, '')
            .split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const letter = fields[i]!.trim().charAt(0);
      const path = fields[i + 1]!;
      if (path) changes.push({ status: STATUS[letter] ?? 'changed', path });
    }
    commits.push({ sha, authorTime: Number(at), author, email, subject, changes });
  }
  return commits;
}
