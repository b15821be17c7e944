import { UsageError } from '../errors.ts';
import { parseTarget, type Target } from '../sources/targets.ts';

/** What record sources need to know of a target: a folder, a git URL, or a GitHub repository. */
export type RecordTarget = Target | { kind: 'github'; input: string; owner: string; name: string };

const OWNER_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** A record source's `repo:` as written: `github:owner/name`, a git URL, or a folder. */
export function parseRecordTarget(input: string): RecordTarget {
  const trimmed = input.trim();
  if (trimmed.startsWith('github:')) {
    const match = OWNER_NAME.exec(trimmed.slice('github:'.length).replace(/\.git$/, ''));
    if (!match) throw new UsageError(`'${input}' is not a GitHub repository`, 'write it as github:owner/name');
    return { kind: 'github', input, owner: match[1]!, name: match[2]! };
  }
  return parseTarget(input);
}

/** The engine's target, as record sources see it: a forge repository is GitHub's when that forge is. */
export function recordTarget(
  target: Target | { kind: 'forge'; input: string; forge: { id: string }; repo: { owner: string; name: string } },
): RecordTarget {
  if (target.kind !== 'forge') return target;
  if (target.forge.id === 'github') return { kind: 'github', input: target.input, owner: target.repo.owner, name: target.repo.name };
  return { kind: 'git', input: target.input, url: target.input };
}
