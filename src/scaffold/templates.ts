/**
 * Starter documents for the record-based practices. Each has the sections its rule looks for,
 * with guidance in HTML comments and the lists left empty, so an untouched starter does not pass
 * for a filled-in record.
 */

export interface TemplateContext {
  /** YYYY-MM-DD of the reference time. */
  date: string;
  /** Slug for the file name and title. */
  name: string;
  title: string;
}

export interface Template {
  /** Where it goes, relative to the repository's top folder. */
  path(ctx: TemplateContext): string;
  /** The name given when --name is not. */
  defaultName: string;
  /** What the practice is, for `blueprint scaffold --list`. */
  summary: string;
  /** The rule whose evidence it is. */
  rule: string;
  text(ctx: TemplateContext): string;
}

export const TEMPLATES: Record<string, Template> = {
  'style-guide': {
    rule: 'style-guide',
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
  codeowners: {
    rule: 'bus-factor',
    summary: 'CODEOWNERS drafted from the history: the top two experts of each system',
    defaultName: 'codeowners',
    path: () => '.github/CODEOWNERS',
    text: () => '', // written from the authorship data by scaffold.ts
  },
  'product-brief': {
    rule: 'product-briefs',
    summary: 'a one-page product brief: goals, target user, success criteria (metrics), owner',
    defaultName: 'new-project',
    path: ({ name }) => `docs/briefs/${name}.md`,
    text: ({ title, date }) => `---
date: ${date}
---
# Brief: ${title}

<!-- One page, written before building anything beyond a bug fix. Link to longer material. -->

## Goals
<!-- What changes for the business when this ships, and why now. -->

## Target user
<!-- Who it is for, as precisely as you can say it (a segment, a role, a situation). -->

## Success metrics
<!-- One or two numbers you can read off a dashboard, with a target and a date,
     e.g. "reorders reach 15% of orders within a quarter". Write them before the code. -->

## Owner
<!-- The one person who decides and answers for it. -->
`,
  },
  hypothesis: {
    rule: 'hypotheses',
    summary: 'a "what we think" versus "what we know" table, filled in before building',
    defaultName: 'new-feature',
    path: ({ name }) => `docs/hypotheses/${name}.md`,
    text: ({ title, date }) => `---
date: ${date}
---
# ${title}: what we think and what we know

<!-- One row per belief the feature rests on. In the second column, only what has been
     checked: data, interviews, an experiment, with a link. A row whose second column stays
     empty is a risk; test those first, before weeks of building. -->

| What we think | What we know |
|---|---|
`,
  },
  poc: {
    rule: 'poc-sharing',
    summary: 'a proof-of-concept write-up in three parts: tested, learned, next',
    defaultName: 'new-poc',
    path: ({ name }) => `docs/poc/${name}.md`,
    text: ({ title, date }) => `---
date: ${date}
---
# PoC: ${title}

<!-- Three parts, no more. If what you learned does not fit, it is not clear yet. -->

## What we tested
<!-- The question, and how you tried to answer it (setup, duration, audience). -->

## What we learned
<!-- The answer, with the numbers. What surprised you. -->

## What's next
<!-- Build, drop or test again: the decision and who takes it forward. -->
`,
  },
  'process-review': {
    rule: 'process-reviews',
    summary: 'a quarterly process review: how we build, the top three problems and their owners',
    defaultName: 'process-review',
    path: ({ date }) => `docs/process-reviews/${date}.md`,
    text: ({ date }) => `# Process review, ${date}

<!-- One hour, once a quarter, separate from retrospectives: not what we built but how we
     build. Bring the last review and \`blueprint plan\`. -->

## What slows us down
<!-- Everything people raise: waiting, rework, manual steps, unclear ownership. -->

## Top three problems
<!-- The three to fix before the next review, as a numbered list, each with an owner,
     like this: "Releases wait for a manual approval (owner: @name)". -->

## Since the last review
<!-- Did last quarter's three get fixed? What got in the way? -->
`,
  },
  'dr-test': {
    rule: 'disaster-recovery',
    summary: 'a disaster-recovery test record with the times to detect, diagnose and recover',
    defaultName: 'recovery-test',
    path: ({ date, name }) => `docs/dr/${date}-${name}.md`,
    text: ({ date, title }) => `# DR test: ${title} (${date})

<!-- A real test, not a tabletop exercise: actually break it (kill the database, take a
     region down) and time each phase. The first one is meant to hurt. -->

## What we broke
<!-- The failure, where, and who knew in advance. -->

## Timeline
<!-- Write each time with its unit, e.g. "Detected after 4 min". -->
- Time to detect:
- Time to diagnose:
- Time to recover:

## Targets for next time
<!-- A target for each phase, and what must change to reach it. -->
`,
  },
  'access-review': {
    rule: 'access-review',
    summary: 'a 90-day access review: who has admin, production and customer-data access',
    defaultName: 'access-review',
    path: ({ date }) => `docs/access-reviews/${date}.md`,
    text: ({ date }) => `# Access review, ${date}

<!-- Every 90 days. Remove anything not actively needed: access is easy to grant again,
     a breach is not easy to undo. Former staff and finished contractors first. -->

Reviewer:

| system | who | access | still needed? | action |
|---|---|---|---|---|

## Removed
<!-- What was taken away, so the next review can check it stayed away. -->
`,
  },
  experiment: {
    rule: 'experiments',
    summary: 'a spike or experiment write-up that records what was learned',
    defaultName: 'spike',
    path: ({ date, name }) => `docs/experiments/${date}-${name}.md`,
    text: ({ title, date }) => `# Spike: ${title} (${date})

<!-- Experiments need not ship code; they must produce learning. -->

## What we tried
<!-- The idea, the question it answers, the time box. -->

## What we learned
<!-- Results, numbers, surprises. -->

## What we will do with it
<!-- Adopt, drop, or explore further, and who takes it on. -->
`,
  },
  'feedback-template': {
    rule: 'feedback-loop',
    summary: 'a GitHub issue form for customer feedback, labelled "feedback"',
    defaultName: 'feedback',
    path: () => '.github/ISSUE_TEMPLATE/feedback.yml',
    text: () => `name: Customer feedback
description: Something a customer told us, to review at the next sprint planning
labels: [feedback]
body:
  - type: textarea
    id: said
    attributes:
      label: What did the customer say?
      description: Their words where possible, and where it came from (call, ticket, survey).
    validations:
      required: true
  - type: input
    id: who
    attributes:
      label: Who
      description: Customer or segment, without personal data.
  - type: textarea
    id: problem
    attributes:
      label: What problem does it point to?
`,
  },
};
