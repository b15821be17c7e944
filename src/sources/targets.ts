import { UsageError } from '../errors.ts';

/** What a command-line target names: a folder, a git URL, or a GitHub repository. */
export type Target =
  | { kind: 'local'; input: string }
  | { kind: 'git'; input: string; url: string }
  | { kind: 'github'; input: string; owner: string; name: string };

const URL_SCHEME = /^(https?|ssh|git|file):\/\//i;
/** scp-like syntax: user@host:path (but not a Windows drive such as C:\). */
const SCP_LIKE = /^[\w.+-]+@[\w.-]+:(?!\/\/)[^\\]/;
const OWNER_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** Reads a target as written on the command line (or in --repos-file). */
export function parseTarget(input: string, options: { github?: boolean } = {}): Target {
  const trimmed = input.trim();
  if (trimmed.startsWith('github:')) {
    const match = OWNER_NAME.exec(trimmed.slice('github:'.length).replace(/\.git$/, ''));
    if (!match) throw new UsageError(`'${input}' is not a GitHub repository`, 'write it as github:owner/name');
    return { kind: 'github', input, owner: match[1]!, name: match[2]! };
  }
  if (URL_SCHEME.test(trimmed) || SCP_LIKE.test(trimmed)) return { kind: 'git', input, url: trimmed };
  if (options.github) {
    const match = OWNER_NAME.exec(trimmed.replace(/\.git$/, ''));
    if (match) return { kind: 'github', input, owner: match[1]!, name: match[2]! };
  }
  return { kind: 'local', input };
}

/** A URL safe to print: any password or token in it replaced. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]+)@/i, (_, scheme: string, auth: string) => `${scheme}${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
