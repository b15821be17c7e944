/**
 * Recognising commit identities that are not people: bots, and team or service accounts.
 *
 * Patterns are deliberately not picomatch globs: in a glob, `*[bot]` is a character class that
 * matches every name ending in b, o or t (Junio C Hamano, Robert Abbot), which once dropped more
 * than half of git/git's commits. Here only `*` (any run of characters) and `?` (one character)
 * are wildcards; everything else, brackets included, is literal, and case is ignored.
 */

/**
 * GitHub Apps and the usual dependency, CI and housekeeping bots. Their commits are left out of
 * authorship altogether.
 */
export const DEFAULT_BOTS: readonly string[] = [
  '*[bot]', // dependabot[bot], github-actions[bot], renovate[bot]… and 49699333+dependabot[bot]@users.noreply.github.com
  'bot',
  '*bot', // jekyllbot, k8s-infra-cherrypick-robot's cousins: one-word names only, so never Robert Abbot
  '* bot', // "Excalidraw Bot"
  'copilot', // GitHub's coding agent (198982749+Copilot@users.noreply.github.com)
  '*+copilot@users.noreply.github.com',
  '*-bot',
  '*_bot',
  '*-robot', // k8s-ci-robot
  'dependabot*',
  'renovate*',
  'github-actions*',
  'pre-commit-ci*',
  'greenkeeper*',
  'snyk-bot*',
  'mergify*',
  'codecov*',
  'imgbot*',
  'allcontributors*',
  'all-contributors*',
  'semantic-release*',
  'pyup*bot*',
  'depfu*',
  'deepsource-autofix*',
  'action@github.com', // the old "GitHub Action" identity of workflows
  'noreply@github.com', // GitHub itself (web-flow)
  '*@renovateapp.com',
  '*@dependabot.com',
];

/**
 * Team, CI, build and service accounts, and the no-reply addresses of tools: real work may come
 * through them, but no one person who could be asked or could leave stands behind them.
 */
export const DEFAULT_NON_PEOPLE: readonly string[] = [
  '*-team',
  '*-team-*', // terraform-team-prod
  '*_team',
  'team-*',
  '* team', // "Platform Team"
  'ci',
  'ci-*', // ci-user
  'ci_*',
  '*-ci',
  'build',
  'builder',
  'build-*',
  'build_*',
  '*-build',
  'buildbot*',
  'jenkins',
  'jenkins-*',
  '*-jenkins',
  'svc',
  'svc-*',
  'svc_*',
  'svc.*',
  '*-svc',
  '*_svc',
  'service-account*',
  '*-service-account',
  'serviceaccount*',
  'deploy',
  'deployer',
  'deploy-*',
  '*-deploy',
  'release',
  'automation',
  'automation-*',
  '*-automation',
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'noreply-*',
  '*-noreply',
  '*@*.gserviceaccount.com', // Google Cloud service accounts
];

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

/** Words that make a name a tool's or a group's ("Build Server", "Release Tool", "Platform Team"). */
const TOOL_WORDS = new Set([
  'bot',
  'robot',
  'team',
  'server',
  'service',
  'tool',
  'tools',
  'build',
  'builder',
  'ci',
  'deploy',
  'deployer',
  'release',
  'automation',
  'system',
  'account',
  'daemon',
  'pipeline',
  'runner',
  'actions',
  'jenkins',
  'noreply',
]);

/** A name of more than one word, none of them a tool's ("Christian Iversen"): how people sign commits. */
function isPersonName(name: string): boolean {
  const words = name
    .trim()
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);
  return /\S\s+\S/.test(name.trim()) && !words.some((w) => TOOL_WORDS.has(w));
}

/**
 * A test of a commit identity against account patterns. A pattern with an `@` is matched against
 * the whole e-mail address; one without, against the name and against the e-mail's local part
 * (before the last `@`), so `jenkins` catches both "jenkins" and jenkins@ci.example.com while
 * `*-team-*` never matches a person at my-team-site.com.
 *
 * A pattern of one word that does not end in `*` (`ci`, `*bot`) is matched only against one-word
 * names, so "Robert Abbot" is not `*bot`; with `personNamesWin` (for accounts that are not people),
 * an identity whose name is a person's name is never judged by its e-mail's local part: Christian
 * Iversen at ci@iversenit.dk and David Stosik at …+git-noreply@… are people.
 */
export function accountMatcher(
  patterns: readonly string[],
  options: { personNamesWin?: boolean } = {},
): (name: string, email: string) => boolean {
  const key = JSON.stringify([patterns, options.personNamesWin ?? false]);
  let kept = matchers.get(key);
  if (!kept) {
    if (matchers.size >= MAX_MATCHERS) matchers.clear();
    const test = buildMatcher(patterns, options);
    // By name, then e-mail: the strings asked about are the history's own, whose hashes V8 keeps,
    // where a key joining the two would be a new string to hash at every question.
    let answers = new Map<string, Map<string, boolean>>();
    let size = 0;
    kept = (name, email) => {
      let byEmail = answers.get(name);
      let answer = byEmail?.get(email);
      if (answer === undefined) {
        answer = test(name, email);
        if (size >= MAX_ANSWERS) {
          answers = new Map();
          size = 0;
          byEmail = undefined;
        }
        if (!byEmail) {
          byEmail = new Map();
          answers.set(name, byEmail);
        }
        byEmail.set(email, answer);
        size++;
      }
      return answer;
    };
    matchers.set(key, kept);
  }
  return kept;
}

/**
 * Answers of each set of patterns, kept for the process: the same identities are asked about at
 * every point of a trend and in every repository of an organisation, and the answer is a function
 * of the patterns and the identity alone.
 */
const matchers = new Map<string, (name: string, email: string) => boolean>();
const MAX_MATCHERS = 64;
const MAX_ANSWERS = 200_000;

function buildMatcher(patterns: readonly string[], options: { personNamesWin?: boolean }): (name: string, email: string) => boolean {
  const address = patterns.filter((p) => p.includes('@')).map(wildcard);
  const plain = patterns.filter((p) => !p.includes('@')).map((p) => ({ re: wildcard(p), anyName: /\s/.test(p) || p.endsWith('*') }));
  if (!address.length && !plain.length) return () => false;
  return (name, email) => {
    const at = email.lastIndexOf('@');
    const local = at < 0 ? email : email.slice(0, at);
    const person = isPersonName(name);
    const byName = plain.some(({ re, anyName }) => (anyName || !person) && re.test(name));
    // Behind a person's name, the local part counts only for prefix patterns (dependabot*), and not at all for non-people.
    const byLocal = local !== '' && plain.some(({ re, anyName }) => (!person || (anyName && !options.personNamesWin)) && re.test(local));
    return byName || byLocal || (at >= 0 && address.some((re) => re.test(email)));
  };
}
