/** What a command-line target names, once no forge claimed it (see src/forge): a folder or a git URL. */
export type Target = { kind: 'local'; input: string } | { kind: 'git'; input: string; url: string };

const URL_SCHEME = /^(https?|ssh|git|file):\/\//i;
/** scp-like syntax: user@host:path (but not a Windows drive such as C:\). */
const SCP_LIKE = /^[\w.+-]+@[\w.-]+:(?!\/\/)[^\\]/;

/** Reads a target as written on the command line (or in --repos-file). */
export function parseTarget(input: string): Target {
  const trimmed = input.trim();
  if (URL_SCHEME.test(trimmed) || SCP_LIKE.test(trimmed)) return { kind: 'git', input, url: trimmed };
  return { kind: 'local', input };
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i;

/**
 * A URL without the user name and password of its authority, and those credentials ("user:pass",
 * still percent-encoded), or null. The authority's userinfo runs to its last `@`, so a password
 * holding `@` is taken whole.
 */
export function splitCredentials(url: string): { url: string; credentials: string | null } {
  const match = AUTHORITY.exec(url);
  if (!match) return { url, credentials: null };
  const authority = match[2]!;
  const at = authority.lastIndexOf('@');
  if (at < 0) return { url, credentials: null };
  const userinfo = authority.slice(0, at);
  // A user name alone (ssh://git@host/…) is not a secret and ssh needs it.
  if (!userinfo.includes(':') && !/^https?:/i.test(match[1]!)) return { url, credentials: null };
  return { url: match[1]! + authority.slice(at + 1) + url.slice(match[0].length), credentials: userinfo };
}

/** A URL safe to print: any password or token in its authority, and every query value, replaced. */
export function redactUrl(url: string): string {
  let out = url;
  const match = AUTHORITY.exec(url);
  if (match) {
    const authority = match[2]!;
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      const shown = colon >= 0 ? `${userinfo.slice(0, colon)}:***` : /^https?:/i.test(match[1]!) ? '***' : userinfo;
      out = `${match[1]}${shown}@${authority.slice(at + 1)}${url.slice(match[0].length)}`;
    }
  }
  return out.replace(/([?&#][^=&#]+=)[^&#]*/g, '$1***');
}

/** Text safe to print: every URL in it redacted, and the given secrets (a token) replaced. */
export function redactSecrets(text: string, ...secrets: Array<string | null | undefined>): string {
  let out = text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, (url) => redactUrl(url));
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out;
}
