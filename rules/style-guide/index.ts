import {
  basename,
  BUNDLED,
  countWords,
  daysAgo,
  daysBetween,
  dirname,
  extname,
  findingsFrom,
  freshnessPoints,
  round,
  z,
  type Heading,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type RepoView, type TreeEntry } from '../../src/types.ts';
import {
  headingsOf,
  isProse,
  linksOf,
  PROSE_EXTENSIONS,
  resolveLink,
  sectionEnd,
  sectionText,
  slug,
  type Link,
  type Target,
} from './documents.ts';
import { findEnforcement } from './enforcement.ts';
import { knownGuide, STYLE_GUIDE_TEXT } from './external.ts';

export const TOPICS = ['naming', 'file-organization', 'comments', 'testing'] as const;
type Topic = (typeof TOPICS)[number];

const TOPIC_PATTERNS: Record<Topic, RegExp> = {
  naming:
    /\bnaming\b|\bnames?\b of|camel ?case|pascal ?case|snake[_ -]case|kebab[- ]case|screaming[_ -]snake|\bidentifiers?\b|\binitialisms?\b|(variable|function|method|class|type|file|package|test) names|\bname (things|variables|functions|methods|types|classes|receivers|files|packages|tests|constants)\b/i,
  'file-organization':
    /file (organi[sz]ation|structure|layout|placement)|(folder|director(y|ies)|project|repository|module|package|code) (structure|layout|organi[sz]ation)|where (files|code|modules) (go|live|belong)|\bfolders?\b|\bdirector(y|ies)\b|\b(separate|own|individual|single|different) files?\b|\bper file\b|\b(one|a) (file|module|class) (per|for each)\b/i,
  comments: /\bcomment(s|ing)?\b|\bdocstrings?\b|jsdoc|javadoc|godoc|doc comments?/i,
  testing: /\btest(s|ing|ed)?\b|\bspecs?\b|\bcoverage\b/i,
};

/** Folders where a project keeps documents about itself (a guide is looked for only at the top and in these). */
const DOCS_SEGMENT =
  /^(docs?|documentation|\.github|guides?|handbook|dev|development|developers?|contribute|contributing|wiki|source|_docs|content|manual)$/i;
/** Names of dedicated guides, without the extension. */
const GUIDE_NAME =
  /^(style[-_ ]?guide(lines)?|styleguide|code[-_ ]?style|coding[-_ ]?(standards?|style|guidelines?|conventions|rules)|code[-_ ]?(conventions|guidelines|standards)|conventions|style)$/i;
/** Inside a documentation folder, any prose file whose name starts like a guide (docs/style-python.md, docs/coding-rules.rst). */
const GUIDE_PREFIX = /^(style|coding|code-style)/i;
/** Documents for contributors, without the extension. */
const CONTRIBUTOR = /^(contributing|contribute|hacking|developing|development|dev[-_]?guide|developer[-_]?guide)$/i;
/** Instructions for coding assistants, which often hold a project's conventions. */
/** Words of prose (code left out) that make an assistant's instructions a style guide. */
const MIN_ASSISTANT_WORDS = 80;
const ASSISTANT =
  /^((agents|claude|gemini)\.md|\.github\/copilot-instructions\.md|\.github\/instructions\/[^/]+\.instructions\.md|\.cursorrules|\.windsurfrules|\.cursor\/rules\/[^/]+\.mdc?)$/i;
const STYLE_HEADING =
  /\bstyle\b|\bstyleguide\b|\bcoding (standards?|conventions|guidelines|rules)\b|\bcode (conventions|guidelines|standards)\b|\bconventions\b|\bformatting\b/i;
/** Conventions that are not about code: commit messages, pull requests, changelogs, branches, issues, releases. */
const NOT_CODE_HEADING =
  /\bcommit|\bpull requests?\b|\bPRs?\b|changelog|\bbranch|\bissues?\b|\brelease|\bversioning\b|\bcontribut|\bsign-?off\b|\bDCO\b|\breview/i;
/**
 * In documents reached through a link (often a README or a user guide), a bare "style" says
 * too little ("Modular vs. Classic Style" is an application style): the heading must be about code.
 */
const CODE_STYLE_HEADING =
  /\b(code|coding|programming|source|naming)\b[^.]{0,20}\b(style|conventions|standards?|guidelines|rules)\b|\bstyle ?guide|\bstyleguide\b|\bformatting\b|^conventions$/i;
/** Conventions for prose; on a docs project these are the guide. */
const PROSE_HEADING = /\bdocumentation\b|\bdocs\b|\bwriting\b|\bprose\b|\btranslations?\b/i;

const stem = (path: string) => basename(path).replace(/\.[^.]+$/, '');
const depth = (path: string) => path.split('/').length;
const inDocsPlace = (path: string) =>
  dirname(path) === '' ||
  dirname(path)
    .split('/')
    .every((s) => DOCS_SEGMENT.test(s));
const byDepth = (a: TreeEntry, b: TreeEntry) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : 1);

export const options = z.strictObject({
  maxWords: z.number().int().positive().default(600).describe('Longest guide, in words, that still counts as one page.'),
  maxAgeDays: z.number().positive().default(92).describe('Days after which the guide is due for revision (quarterly).'),
  paths: z.array(z.string()).default([]).describe('Extra files to treat as the style guide, checked before the usual places.'),
});
export type StyleGuideOptions = z.infer<typeof options>;

interface FoundGuide {
  kind: 'file' | 'section';
  path: string;
  /** What is measured: the whole file, or its style sections together. */
  text: string;
  /** Headings of the style sections measured, in order; empty for a whole file. */
  sections: string[];
  line: number | null;
}

interface ExternalGuide {
  name: string;
  url: string;
  /** The document that links it, and the line. */
  path: string;
  line: number;
}

interface Search {
  guide: FoundGuide | null;
  external: ExternalGuide[];
}

/** The style sections of a document, top-most only (a sub-heading of a taken section is part of it), measured together. */
function styleSections(path: string, text: string, docsProject: boolean, strict = false): FoundGuide | null {
  const headings = headingsOf(path, text);
  const taken: Heading[] = [];
  let until = 0;
  for (const h of headings) {
    if (h.line <= until) continue;
    if (
      !STYLE_HEADING.test(h.text) ||
      NOT_CODE_HEADING.test(h.text) ||
      (!docsProject && PROSE_HEADING.test(h.text)) ||
      (strict && !CODE_STYLE_HEADING.test(h.text))
    )
      continue;
    taken.push(h);
    until = sectionEnd(text, headings, h);
  }
  if (!taken.length) return null;
  return {
    kind: 'section',
    path,
    text: taken.map((h) => sectionText(text, headings, h)).join('\n'),
    sections: taken.map((h) => h.text),
    line: taken[0]!.line,
  };
}

/** The section a link's anchor names, when it is a style section; else the document's style sections. */
function linkedSections(path: string, text: string, anchor: string | null, docsProject: boolean): FoundGuide | null {
  if (anchor) {
    const headings = headingsOf(path, text);
    const h = headings.find((x) => slug(x.text) === anchor.toLowerCase());
    if (h && STYLE_HEADING.test(h.text) && !NOT_CODE_HEADING.test(h.text))
      return { kind: 'section', path, text: sectionText(text, headings, h), sections: [h.text], line: h.line };
  }
  return styleSections(path, text, docsProject, true);
}

/**
 * Where the guide is, in order: configured paths; a guide file by its name at the top or in a
 * documentation folder; style sections of the contributor documents; the documents those link
 * to (in the repository, or a docs-site page whose source the repository holds); style sections
 * of instructions for coding assistants. External guides linked from any of these are collected
 * on the way; the first one stands in when the repository holds no guide of its own.
 */
async function findGuide(repo: RepoView, files: readonly TreeEntry[], extra: readonly string[], docsProject: boolean): Promise<Search> {
  const external: ExternalGuide[] = [];
  const byPath = new Set(files.map((e) => e.path));
  const prose = files.filter((e) => (e.kind === 'file' || e.kind === 'symlink') && isProse(e.path) && !BUNDLED.test(e.path));
  let guide: FoundGuide | null = null;

  for (const path of extra) {
    const text = await repo.readText(path);
    if (text !== null) {
      guide = { kind: 'file', path, text, sections: [], line: null };
      break;
    }
  }
  if (!guide) {
    const named = prose
      .filter(
        (e) =>
          inDocsPlace(e.path) &&
          (GUIDE_NAME.test(stem(e.path)) ||
            (dirname(e.path) !== '' && PROSE_EXTENSIONS.has(extname(e.path)) && GUIDE_PREFIX.test(stem(e.path)))),
      )
      .sort(byDepth);
    for (const entry of named) {
      const text = await repo.readText(entry.path);
      if (text !== null) {
        guide = { kind: 'file', path: entry.path, text, sections: [], line: null };
        break;
      }
    }
  }

  const collect = (path: string, links: readonly Link[]) => {
    for (const link of links) {
      if (!/^https?:\/\//i.test(link.url)) continue;
      const name =
        knownGuide(link.url) ??
        (STYLE_GUIDE_TEXT.test(link.text) && resolveLink(path, link.url, files, byPath) === null ? link.text : null);
      if (name && !external.some((g) => g.name === name)) external.push({ name, url: link.url, path, line: link.line });
    }
  };
  const contributors = prose.filter((e) => inDocsPlace(e.path) && depth(e.path) <= 4 && CONTRIBUTOR.test(stem(e.path))).sort(byDepth);
  const linked: Array<{ from: string; target: Target }> = [];
  for (const entry of contributors) {
    const text = await repo.readText(entry.path);
    if (text === null) continue;
    guide ??= styleSections(entry.path, text, docsProject);
    const links = linksOf(text);
    collect(entry.path, links);
    for (const link of links.slice(0, 40)) {
      const target = resolveLink(entry.path, link.url, files, byPath);
      if (target && isProse(target.path) && !linked.some((l) => l.target.path === target.path)) linked.push({ from: entry.path, target });
    }
  }
  for (const { target } of linked) {
    if (contributors.some((c) => c.path === target.path)) continue;
    const text = await repo.readText(target.path);
    if (text === null) continue;
    collect(target.path, linksOf(text));
    if (guide) continue;
    if (GUIDE_NAME.test(stem(target.path))) guide = { kind: 'file', path: target.path, text, sections: [], line: null };
    else guide = linkedSections(target.path, text, target.anchor, docsProject);
  }
  // A published guide the contributor documents adopt comes before what assistants are told.
  const adopted = external.length > 0;
  for (const entry of prose.filter((e) => ASSISTANT.test(e.path))) {
    const text = await repo.readText(entry.path);
    if (text === null) continue;
    collect(entry.path, linksOf(text));
    // Instructions for an assistant are often a checklist of commands (`pnpm run lint`): they are
    // a guide only when the sections say something in words.
    const sections = adopted ? null : styleSections(entry.path, text, docsProject);
    if (sections && countWords(sections.text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ')) >= MIN_ASSISTANT_WORDS)
      guide ??= sections;
  }
  return { guide, external };
}

const MESSAGES = {
  'no-enforcement': 'No formatter or linter configuration enforces a style (e.g. .editorconfig, ESLint, Prettier, Ruff).',
  'external-guide':
    'The style guide is an external standard ({guide}) at {url}, adopted here: its length, topics and revisions are not measured, so the score counts what is (the guide and its enforcement).',
  // The wording predates the wider search; it is kept as it was.
  'no-style-guide': 'No style guide found (STYLEGUIDE.md, docs/style*.md, or a "Style" section in CONTRIBUTING.md).',
  'guide-too-long': 'The style guide has {words} words; keep it to one page ({maxWords} words).',
  'topics-missing': 'The style guide does not cover: {topics}.',
  'revision-overdue': 'The style guide was last revised {when}; review it every {maxAgeDays} days.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<StyleGuideOptions>({
  meta: {
    id: 'style-guide',
    pillar: 'speed',
    description:
      'A one-page style guide covers naming, file organisation, comments and testing, is revised quarterly and is enforced by tools.',
    risk: 'medium',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'style-guide',
      summary: 'a one-page style guide: naming, file organisation, comments, testing',
      defaultName: 'style-guide',
      path: () => 'STYLEGUIDE.md',
      text: ({ date }) => `# Style guide

<!-- One page: if it does not fit, it will not be read. Revise it every quarter from what code
     review keeps pointing out. Last revised: ${date}. -->

## Naming
<!-- Case for variables, functions, types, files and folders; words to avoid; how tests are named. -->

## File organisation
<!-- Where a new feature goes, where its tests go, what a folder may import from another. -->

## Comments
<!-- When a comment is needed (the why, not the what), doc comments on public code, TODOs with an owner. -->

## Testing
<!-- What every change is tested with, what the critical paths need, how fast the suite must stay. -->

## Enforced by
<!-- The formatter and linter that check the above in CI, so reviews argue about design instead. -->
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Write STYLEGUIDE.md on one page with sections on naming, file organisation, comments and testing; revise it every quarter; enforce it with a formatter and linter config in the repository.',
    standard: (o) =>
      `A one-page style guide (at most ${o.maxWords} words) covering naming, file organisation, comments and testing, revised at least every ${o.maxAgeDays} days and enforced by a formatter and a linter.`,
    firstSteps: [
      'Write STYLEGUIDE.md on one page with four sections: naming, file organisation, comments, testing (`blueprint scaffold style-guide`).',
      'Commit a formatter and linter configuration that enforces what the guide says, and run it in CI.',
      'Link the guide from the onboarding checklist and the pull-request template; put its quarterly revision in the calendar.',
    ],
  },
  async evaluate({ repo, options, now, kind }) {
    const files = await repo.files();
    const docsProject = kind === 'docs';
    const [{ guide, external }, enforcement] = await Promise.all([
      findGuide(repo, files, options.paths, docsProject),
      findEnforcement(repo, files),
    ]);
    const findings: Finding[] = [];
    const enforced = enforcement.tools.length > 0;
    const enforcementPoints = enforced ? 1.5 : 0;
    const noEnforcement: Finding[] = enforced ? [] : [say.warning('no-enforcement')];
    const common = { enforcement: enforcement.tools, enforcedInCi: enforcement.inCi, externalGuides: external.map((g) => g.name).sort() };

    if (!guide && external.length) {
      // An adopted published guide is a real standard, maintained upstream: what the audit cannot
      // measure of it (length, topics, revisions) leaves the score's base instead of failing.
      const adopted = external[0]!;
      findings.push(
        say.info('external-guide', { guide: adopted.name, url: adopted.url }, { path: adopted.path, line: adopted.line }),
        ...noEnforcement,
      );
      return {
        score: round(((3 + enforcementPoints) / 4.5) * 10, 2),
        metrics: {
          path: adopted.path,
          section: null,
          source: 'external',
          words: null,
          topics: null,
          daysSinceRevision: null,
          notMeasured: ['words', 'topics', 'daysSinceRevision'],
          ...common,
        },
        findings,
      };
    }
    if (!guide) {
      findings.push(say.error('no-style-guide'), ...noEnforcement);
      return {
        score: enforcementPoints,
        metrics: { path: null, words: null, topics: [], daysSinceRevision: null, ...common },
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
      findings.push(say.warning('guide-too-long', { words, maxWords: options.maxWords }, where));
    }
    // A docs project's guide governs its prose: the four code topics are not asked of it.
    const missing = docsProject ? [] : TOPICS.filter((t) => !topics.includes(t));
    if (missing.length) {
      findings.push(say.warning('topics-missing', { topics: missing.join(', ') }, where));
    }
    const freshPoints = freshnessPoints(daysSinceRevision, options.maxAgeDays, 1.5);
    if (freshPoints < 1.5) {
      findings.push(say.warning('revision-overdue', { when: daysAgo(daysSinceRevision), maxAgeDays: options.maxAgeDays }, where));
    }
    findings.push(...noEnforcement);
    const earned = 3 + lengthPoints + (docsProject ? 0 : topics.length * 0.5) + freshPoints + enforcementPoints;
    const possible = docsProject ? 8 : 10;
    return {
      score: round((earned / possible) * 10, 2),
      metrics: {
        path: guide.path,
        section: guide.sections[0] ?? null,
        ...(guide.sections.length ? { sections: guide.sections } : {}),
        source: guide.kind,
        words,
        topics,
        daysSinceRevision,
        ...(docsProject ? { notMeasured: ['topics'] } : {}),
        ...common,
      },
      findings,
    };
  },
});
