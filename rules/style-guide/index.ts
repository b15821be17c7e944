import { z } from 'zod';
import { defineRule, type Finding, type RepoView, type TreeEntry } from '../../src/types.ts';
import { basename } from '../../src/util/paths.ts';
import { daysBetween, round } from '../../src/util/time.ts';
import { markdownHeadings, sectionUnder } from '../../src/util/markdown.ts';

export const TOPICS = ['naming', 'file-organization', 'comments', 'testing'] as const;
type Topic = (typeof TOPICS)[number];

const TOPIC_PATTERNS: Record<Topic, RegExp> = {
  naming: /\bnaming\b|\bnames?\b of|camel ?case|pascal ?case|snake[_ -]case|kebab[- ]case|\bidentifiers?\b|variable names|function names/i,
  'file-organization':
    /file (organi[sz]ation|structure|layout|placement)|(folder|director(y|ies)|project|repository|module|package|code) (structure|layout|organi[sz]ation)|where (files|code|modules) (go|live|belong)|\bfolders?\b|\bdirector(y|ies)\b/i,
  comments: /\bcomment(s|ing)?\b|\bdocstrings?\b|jsdoc|javadoc|godoc|doc comments?/i,
  testing: /\btest(s|ing|ed)?\b|\bspecs?\b|\bcoverage\b/i,
};

/** Dedicated style-guide files, matched case-insensitively, in order of preference. */
const GUIDE_FILES = [
  /^(\.github\/|docs?\/)?(style[-_ ]?guide|code[-_ ]?style|coding[-_ ]?(standards?|style|guidelines|conventions)|conventions|style)(\.[a-z]+)?$/i,
  /^docs?\/(style|coding|code-style)[^/]*\.(md|markdown|rst|adoc|txt)$/i,
];
const CONTRIBUTING = /^(\.github\/|docs\/)?contributing(\.(md|markdown|rst|adoc|txt))?$/i;
const STYLE_HEADING = /\bstyle\b|coding (standards?|conventions|guidelines)|code conventions|\bconventions\b/i;
const PROSE = /\.(md|markdown|rst|adoc|txt)$|^[^.]+$/i;

interface EnforcementTool {
  id: string;
  files: RegExp;
  /** For shared manifests, the tool counts only when this appears in the file. */
  content?: RegExp;
}

/** Formatter and linter configurations, by file name (anywhere outside vendored folders). */
const ENFORCEMENT: EnforcementTool[] = [
  { id: 'editorconfig', files: /^\.editorconfig$/ },
  { id: 'eslint', files: /^(\.eslintrc(\.(js|cjs|mjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts|cts|mts))$/ },
  { id: 'eslint', files: /^package\.json$/, content: /"eslintConfig"\s*:/ },
  { id: 'prettier', files: /^(\.prettierrc(\.(json|ya?ml|json5|js|cjs|mjs|toml))?|prettier\.config\.(js|cjs|mjs|ts))$/ },
  { id: 'prettier', files: /^package\.json$/, content: /"prettier"\s*:\s*[{"]/ },
  { id: 'biome', files: /^biome\.jsonc?$/ },
  { id: 'dprint', files: /^\.?dprint\.jsonc?$/ },
  { id: 'stylelint', files: /^(\.stylelintrc(\.(json|ya?ml|js|cjs|mjs))?|stylelint\.config\.(js|cjs|mjs))$/ },
  { id: 'markdownlint', files: /^\.markdownlint(-cli2)?\.(jsonc?|ya?ml|cjs|mjs)$|^\.markdownlintrc$/ },
  { id: 'ruff', files: /^\.?ruff\.toml$/ },
  { id: 'ruff', files: /^pyproject\.toml$/, content: /^\[tool\.ruff[\].]/m },
  { id: 'black', files: /^pyproject\.toml$/, content: /^\[tool\.black\]/m },
  { id: 'isort', files: /^(\.isort\.cfg)$/ },
  { id: 'isort', files: /^pyproject\.toml$/, content: /^\[tool\.isort\]/m },
  { id: 'flake8', files: /^\.flake8$/ },
  { id: 'flake8', files: /^(setup\.cfg|tox\.ini)$/, content: /^\[flake8\]/m },
  { id: 'pylint', files: /^\.?pylintrc$/ },
  { id: 'pylint', files: /^pyproject\.toml$/, content: /^\[tool\.pylint/m },
  { id: 'rubocop', files: /^\.rubocop(_todo)?\.ya?ml$/ },
  { id: 'standardrb', files: /^\.standard\.ya?ml$/ },
  { id: 'golangci-lint', files: /^\.golangci\.(ya?ml|toml|json)$/ },
  { id: 'rustfmt', files: /^\.?rustfmt\.toml$/ },
  { id: 'clippy', files: /^\.?clippy\.toml$/ },
  { id: 'clang-format', files: /^[._]clang-format$/ },
  { id: 'clang-tidy', files: /^\.clang-tidy$/ },
  { id: 'checkstyle', files: /^checkstyle[^/]*\.xml$/ },
  { id: 'spotless', files: /^(build\.gradle(\.kts)?|pom\.xml)$/, content: /spotless/ },
  { id: 'ktlint', files: /^\.editorconfig$/, content: /ktlint_/ },
  { id: 'ktlint', files: /^build\.gradle(\.kts)?$/, content: /ktlint/ },
  { id: 'detekt', files: /^detekt[^/]*\.ya?ml$/ },
  { id: 'swiftlint', files: /^\.swiftlint\.ya?ml$/ },
  { id: 'swiftformat', files: /^\.swiftformat$/ },
  { id: 'scalafmt', files: /^\.scalafmt\.conf$/ },
  { id: 'php-cs-fixer', files: /^\.php-cs-fixer(\.dist)?\.php$/ },
  { id: 'phpcs', files: /^\.?phpcs\.xml(\.dist)?$/ },
  { id: 'shellcheck', files: /^\.shellcheckrc$/ },
  { id: 'hadolint', files: /^\.hadolint\.ya?ml$/ },
  { id: 'pre-commit', files: /^\.pre-commit-config\.ya?ml$/ },
];
const VENDORED = /(^|\/)(node_modules|vendor|third[_-]party|bower_components|\.yarn)\//;

export const options = z.strictObject({
  maxWords: z.number().int().positive().default(600).describe('Longest guide, in words, that still counts as one page.'),
  maxAgeDays: z.number().positive().default(92).describe('Days after which the guide is due for revision (quarterly).'),
  paths: z.array(z.string()).default([]).describe('Extra files to treat as the style guide, checked before the usual places.'),
});
export type StyleGuideOptions = z.infer<typeof options>;

interface FoundGuide {
  path: string;
  text: string;
  /** Heading of the CONTRIBUTING section, when the guide is a section. */
  section: string | null;
  line: number | null;
}

async function findGuide(repo: RepoView, files: readonly TreeEntry[], extra: readonly string[]): Promise<FoundGuide | null> {
  for (const path of extra) {
    const text = await repo.readText(path);
    if (text !== null) return { path, text, section: null, line: null };
  }
  for (const pattern of GUIDE_FILES) {
    for (const entry of files) {
      if (entry.kind === 'submodule' || !pattern.test(entry.path) || !PROSE.test(basename(entry.path))) continue;
      const text = await repo.readText(entry.path);
      if (text !== null) return { path: entry.path, text, section: null, line: null };
    }
  }
  for (const entry of files) {
    if (!CONTRIBUTING.test(entry.path)) continue;
    const text = await repo.readText(entry.path);
    if (text === null) continue;
    const heading = markdownHeadings(text).find((h) => STYLE_HEADING.test(h.text));
    if (heading) return { path: entry.path, text: sectionUnder(text, heading), section: heading.text, line: heading.line };
  }
  return null;
}

async function enforcementTools(repo: RepoView, files: readonly TreeEntry[]): Promise<string[]> {
  const found = new Set<string>();
  for (const entry of files) {
    if (entry.kind === 'submodule' || VENDORED.test(entry.path)) continue;
    const name = basename(entry.path);
    for (const tool of ENFORCEMENT) {
      if (found.has(tool.id) || !tool.files.test(name)) continue;
      if (tool.id === 'checkstyle' && !/(^|\/)(config\/checkstyle\/)?checkstyle/.test(entry.path)) continue;
      if (tool.content) {
        const text = await repo.readText(entry.path);
        if (text === null || !tool.content.test(text)) continue;
      }
      found.add(tool.id);
    }
  }
  return [...found].sort();
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export default defineRule<StyleGuideOptions>({
  meta: {
    id: 'style-guide',
    pillar: 'speed',
    description: 'A one-page style guide covers naming, file organisation, comments and testing, is revised quarterly and is enforced by tools.',
    risk: 'medium',
    needs: ['files', 'history'],
    options,
    remediation:
      'Write STYLEGUIDE.md on one page with sections on naming, file organisation, comments and testing; revise it every quarter; enforce it with a formatter and linter config in the repository.',
    standard: (o) => `A one-page style guide (at most ${o.maxWords} words) covering naming, file organisation, comments and testing, revised at least every ${o.maxAgeDays} days and enforced by a formatter and a linter.`,
    firstSteps: [
      'Write STYLEGUIDE.md on one page with four sections: naming, file organisation, comments, testing (`blueprint scaffold style-guide`).',
      'Commit a formatter and linter configuration that enforces what the guide says, and run it in CI.',
      'Link the guide from the onboarding checklist and the pull-request template; put its quarterly revision in the calendar.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const files = await repo.files();
    const [guide, enforcement] = await Promise.all([findGuide(repo, files, options.paths), enforcementTools(repo, files)]);
    const findings: Finding[] = [];
    const enforcementPoints = enforcement.length ? 1.5 : 0;
    const noEnforcement: Finding[] = enforcement.length
      ? []
      : [{ severity: 'warning', message: 'No formatter or linter configuration enforces a style (e.g. .editorconfig, ESLint, Prettier, Ruff).', path: null, line: null }];
    if (!guide) {
      findings.push({ severity: 'error', message: 'No style guide found (STYLEGUIDE.md, docs/style*.md, or a "Style" section in CONTRIBUTING.md).', path: null, line: null }, ...noEnforcement);
      return {
        score: enforcementPoints,
        metrics: { path: null, words: null, topics: [], daysSinceRevision: null, enforcement },
        findings,
      };
    }

    const words = countWords(guide.text);
    const topics = TOPICS.filter((t) => TOPIC_PATTERNS[t].test(guide.text));
    const changed = await repo.lastChanged(guide.path);
    const daysSinceRevision = changed ? Math.max(0, daysBetween(changed, now)) : null;
    const where = { path: guide.path, line: guide.line };

    const lengthPoints = words <= options.maxWords ? 2 : (2 * options.maxWords) / words;
    if (words > options.maxWords) {
      findings.push({ severity: 'warning', message: `The style guide has ${words} words; keep it to one page (${options.maxWords} words).`, ...where });
    }
    const missing = TOPICS.filter((t) => !topics.includes(t));
    if (missing.length) {
      findings.push({ severity: 'warning', message: `The style guide does not cover: ${missing.join(', ')}.`, ...where });
    }
    let freshPoints = 0;
    if (daysSinceRevision !== null && daysSinceRevision <= options.maxAgeDays) freshPoints = 1.5;
    else if (daysSinceRevision !== null && daysSinceRevision <= options.maxAgeDays * 2) freshPoints = 0.75;
    if (freshPoints < 1.5) {
      findings.push({
        severity: 'warning',
        message: `The style guide was last revised ${daysSinceRevision === null ? 'at an unknown date' : `${Math.floor(daysSinceRevision)} days ago`}; review it every ${options.maxAgeDays} days.`,
        ...where,
      });
    }
    findings.push(...noEnforcement);
    const score = 3 + lengthPoints + topics.length * 0.5 + freshPoints + enforcementPoints;
    return {
      score: round(score, 2),
      metrics: {
        path: guide.path,
        section: guide.section,
        words,
        topics,
        daysSinceRevision,
        enforcement,
      },
      findings,
    };
  },
});
