/**
 * Long-lived lines: branches that are meant to live, and so are no feature branches gone stale.
 * Names recognise the usual conventions; workflows, tags and history recognise the rest (see
 * index.ts for the order).
 */
import { isRecord, parseYaml, strings } from '../../src/rule-kit/index.ts';
import type { RepoView, TreeEntry } from '../../src/types.ts';

export type LineKind = 'maintenance' | 'integration' | 'deploy' | 'unrelated';

const VERSION = String.raw`(?:v\d+(?:[._-]\d+)*(?:[._-]?x)?|\d+(?:[._]\d+)+(?:[._-]?x)?|\d+[._-]?x|\d+(?:-\d+)+)`;
const SUFFIX = String.raw`(?:[-_.](?:stable|branch|release|maint|maintenance|lts|sec|security|dev|devel|backports?|fixes|patches|x))?(?:\+[a-z0-9]+)?`;
const PREFIX = String.raw`(?:(?:release|releases|rel|support|maint|maintenance|stable|lts|version|branch)[-_/])?`;

/**
 * Maintenance lines by name: a version, perhaps behind release-/support/ … and before
 * -stable/-branch/-sec …: `4.x`, `2.7`, `v2`, `v1.6.x`, `3-2-stable`, `6-1-sec`, `release-2.8`,
 * `release/1.0`, `support/1.x`, `1.0-branch`, `v2.54.0+dedupelabels`. A bare number (`3310`) is
 * an issue, and a version followed by words (`v1.9.0-dep-updates`) is work on it.
 */
const VERSION_LINE = new RegExp(`^${PREFIX}${VERSION}${SUFFIX}$`, 'i');
/** A project's own release line: `okhttp_3.12.x`, `okhttp_4x`, `clojure-1.12-dev`, `dev-v32.0.1`; `rust-1.97` is not one. */
const PROJECT_LINE =
  /^[a-z][a-z0-9]*[-_](?:\d+(?:[._]\d+)*[._-]?x|v\d+(?:\.\d+)+|(?:\d+(?:[._]\d+)+|v?\d+)[-_.](?:stable|branch|maint|lts|dev|sec))$/i;
const MAINTENANCE_WORD = /^(stable|oldstable|maint|maintenance|lts|legacy|release|releases)$|^(stable|maint|lts)[-_/].+$|^support\/.+$/i;
const INTEGRATION_WORD =
  /^(dev|devel|develop|development|next|staging|stage|integration|seen|pu|jch|unstable|canary|nightly|beta|alpha|preview|edge|qa|uat|main-next|next-major)$/i;
const DEPLOY_WORD =
  /^(gh-?pages|ghpages)([-_].+)?$|^.+[-_]gh-?pages$|^(pages|site|website|docs-site|dist|production|prod|live|deploy|deployment)$|^(deploy|deployment|production|prod)[-_/].+$/i;

/** The kind of long-lived line a name says, or null for a name that says nothing. */
export function kindByName(name: string): LineKind | null {
  if (DEPLOY_WORD.test(name)) return 'deploy';
  if (VERSION_LINE.test(name) || PROJECT_LINE.test(name) || MAINTENANCE_WORD.test(name)) return 'maintenance';
  if (INTEGRATION_WORD.test(name)) return 'integration';
  return null;
}

/** A tag that names a release (a version with at least one dot: v4.0.1, okhttp-parent-2.7.5). */
export const RELEASE_TAG = /(^|[^a-z0-9])v?\d+\.\d+/i;

// Words that say a workflow ships something (its jobs' and steps' names, commands and actions).
const SHIPS =
  /\b(deploy(s|ed|ing|ment)?|publish(es|ed|ing)?|releases?|production|prod|rollout)\b|docker[- ]push|build-push-action|docker-build-push|gh-pages|pages-deploy/i;

/**
 * GitHub's branch filter patterns as regular expressions: `*` within a segment, `**` across,
 * `?` and `+` after a character, `[…]` classes. Negated (`!`) patterns are left out.
 */
function branchFilter(pattern: string): RegExp | null {
  if (pattern.startsWith('!')) return null;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?' || c === '+') out += c;
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) out += '\\[';
      else {
        out += pattern.slice(i, end + 1);
        i = end;
      }
    } else out += c.replace(/[.^$|(){}\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return null;
  }
}

function scalars(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) scalars(v, out);
  else if (isRecord(value)) for (const v of Object.values(value)) scalars(v, out);
}

export interface DeployTrigger {
  path: string;
  matches: RegExp;
}

/**
 * GitHub Actions workflows that run on pushes to branches they name and ship something: a push
 * to such a branch deploys or publishes, so the branch is a deploy line. A workflow that only tests
 * pushes (vite runs CI on `feat/*`) says nothing about how long a branch lives.
 */
export async function deployTriggers(repo: RepoView, files: readonly TreeEntry[]): Promise<DeployTrigger[]> {
  const out: DeployTrigger[] = [];
  for (const entry of files.filter((e) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(e.path))) {
    const text = await repo.readText(entry.path);
    if (text === null) continue;
    for (const doc of parseYaml(text).docs) {
      if (!isRecord(doc)) continue;
      const on = doc.on ?? doc.true;
      const push = isRecord(on) ? on.push : null;
      const patterns = isRecord(push) ? strings(push.branches) : [];
      if (!patterns.length) continue;
      const words: string[] = [];
      scalars(doc.jobs, words);
      if (typeof doc.name === 'string') words.push(doc.name);
      if (!SHIPS.test(words.join('\n'))) continue;
      // Only names a workflow spells out: a pattern (`feat/*`, `**`) covers a family of
      // branches, as preview deploys of every feature branch do, and says nothing of one.
      for (const p of patterns) {
        if (/[*?+[]/.test(p)) continue;
        const re = branchFilter(p);
        if (re) out.push({ path: entry.path, matches: re });
      }
    }
  }
  return out;
}
