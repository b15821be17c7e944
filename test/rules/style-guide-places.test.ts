import { describe, expect, it } from 'vitest';
import type { FixtureCommit } from '../../fixtures/builder.ts';
import { STYLE_GUIDE } from '../../fixtures/repos.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = '2026-11-01T12:00:00Z';

async function styleGuide(files: FixtureCommit['files'], more: FixtureCommit[] = []) {
  return runRule(findRule('style-guide')!, { commits: [{ date: DAY, files }, ...more] }, { now: NOW });
}

const RST_CONTRIBUTING = `Contributor's Guide
===================

Be kind.

Code Review
~~~~~~~~~~~

Every change is reviewed.

Code Style
~~~~~~~~~~

Name functions in snake_case. Every change comes with tests.

New Contributors
~~~~~~~~~~~~~~~~

Welcome!
`;

describe('style-guide: where guides live', () => {
  it("follows a link from .github/CONTRIBUTING.md to the page of the project's docs site, and reads the section of its .rst source", async () => {
    const rule = await styleGuide({
      '.github/CONTRIBUTING.md':
        "# Contribution Guidelines\n\nPlease read our [Contributor's Guide](https://acme.readthedocs.io/en/latest/dev/contributing/).\n",
      'docs/dev/contributing.rst': RST_CONTRIBUTING,
      'docs/user/install.rst': 'Install\n=======\n\npip install acme\n',
      'pyproject.toml': '[project]\nname = "acme"\n',
      'src/acme/__init__.py': 'x = 1\n',
    });
    expect(rule.metrics).toMatchObject({
      path: 'docs/dev/contributing.rst',
      section: 'Code Style',
      source: 'section',
      words: 11,
      topics: ['naming', 'testing'],
    });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({
        path: 'docs/dev/contributing.rst',
        line: 11,
        message: 'The style guide does not cover: file-organization, comments.',
      }),
    );
  });

  it('follows a link to a published guide back to its source in the repository (rails keeps its conventions in guides/source/)', async () => {
    const guide = `Contributing to Acme\n====================\n\n### Write Your Code\n\nWrite it.\n\n#### Follow the Coding Conventions\n\nAcme follows a simple set of coding style conventions:\n\n* Two spaces, no tabs.\n* Prefer \`&&\` over \`and\`.\n\n### Benchmark Your Code\n\nMeasure.\n`;
    const rule = await styleGuide({
      'CONTRIBUTING.md':
        '# Contributing\n\n* Before submitting, please read the [Contributing to Acme](https://guides.acme.org/contributing_to_acme.html) guide to know more about coding conventions.\n',
      'guides/source/contributing_to_acme.md': guide,
    });
    expect(rule.metrics).toMatchObject({
      path: 'guides/source/contributing_to_acme.md',
      section: 'Follow the Coding Conventions',
      source: 'section',
    });
  });

  it('reads relative links and AsciiDoc sections', async () => {
    const rule = await styleGuide({
      'CONTRIBUTING.adoc': '= Contributing\n\nSee the link:docs/hacking.adoc[hacking guide].\n',
      'docs/hacking.adoc':
        '= Hacking\n\n== Building\n\nRun make.\n\n== Coding style\n\nUse camelCase names. Comment why.\n\n== Releasing\n\nTag it.\n',
    });
    expect(rule.metrics).toMatchObject({ path: 'docs/hacking.adoc', section: 'Coding style', topics: ['naming', 'comments'] });
  });

  it('in a linked document (a README, a user guide) only a heading about code style counts: "Classic Style" is an application style', async () => {
    const rule = await styleGuide({
      'CONTRIBUTING.md': '# Contributing\n\nRead the [README](README.md) first.\n',
      'README.md': '# Acme\n\n## Modular vs. Classic Style\n\nTwo ways to write an app.\n',
    });
    expect(rule.metrics.path).toBeNull();
  });

  it('conventions about contributing (one chart per PR, sign-off) are not a style guide', async () => {
    const rule = await styleGuide({
      'AGENTS.md': '# Instructions\n\n## Contributing Conventions\n\n- One chart per PR.\n- Sign off commits.\n',
    });
    expect(rule.metrics.path).toBeNull();
  });

  it('a section about commit messages is not a style guide', async () => {
    const rule = await styleGuide({ 'CONTRIBUTING.md': '# Contributing\n\n## Commit message conventions\n\nUse conventional commits.\n' });
    expect(rule.metrics.path).toBeNull();
  });

  it("finds a guide file by its name in a documentation folder, with or without an extension (git's Documentation/CodingGuidelines)", async () => {
    const rule = await styleGuide({ 'Documentation/CodingGuidelines': STYLE_GUIDE, 'Documentation/SubmittingPatches': 'Send patches.\n' });
    expect(rule.metrics).toMatchObject({
      path: 'Documentation/CodingGuidelines',
      section: null,
      source: 'file',
      topics: ['naming', 'file-organization', 'comments', 'testing'],
    });
  });

  it('reads the style sections of instructions for coding assistants (AGENTS.md, .github/copilot-instructions.md), all of them together', async () => {
    const more =
      ' Keep functions short and errors wrapped with context, so that a failure says where it came from and what the program was doing at the time.'.repeat(
        3,
      );
    const agents = `# Project Guidelines\n\n## Architecture\n\nModules.\n\n## Code Style\n\nFollow Go idioms; name receivers with one letter. Exported functions get doc comments.${more}\n\n## Testing Conventions\n\nTable-driven tests beside the code.\n\n## Releases\n\nTagged.\n`;
    const rule = await styleGuide({ 'AGENTS.md': agents, '.github/CONTRIBUTING.md': '# Contributing\n\nOpen an issue first.\n' });
    expect(rule.metrics).toMatchObject({
      path: 'AGENTS.md',
      section: 'Code Style',
      sections: ['Code Style', 'Testing Conventions'],
      topics: ['naming', 'comments', 'testing'],
    });
    const copilot = await styleGuide({
      '.github/copilot-instructions.md': `# Project coding standards\n\n## Naming Conventions\n\nPascalCase for components.${more}\n\n## Testing\n\nVitest.\n`,
    });
    expect(copilot.metrics).toMatchObject({
      path: '.github/copilot-instructions.md',
      section: 'Project coding standards',
      topics: ['naming', 'testing'],
    });
  });

  it('a file-organisation rule worded as "in separate files" is the file-organization topic', async () => {
    const rule = await styleGuide({
      'STYLEGUIDE.md': '# Style\n\n## Group logical resources or modules in separate files\n\nOne module per file.\n',
    });
    expect(rule.metrics.topics).toContain('file-organization');
  });
});

describe('style-guide: an external guide the project adopts', () => {
  it('a link to a well-known guide counts as the guide; what cannot be measured is said, not failed', async () => {
    const contributing =
      '# Contributing\n\n## Code contributions generally\n\n- Acme uses the [Rubocop](https://github.com/bbatsov/rubocop) static analyzer to ensure that contributions follow the [GitHub Ruby Styleguide](https://github.com/styleguide/ruby).\n';
    const rule = await styleGuide({ '.github/CONTRIBUTING.markdown': contributing, '.rubocop.yml': 'AllCops: {}\n' });
    expect(rule.metrics).toMatchObject({
      path: '.github/CONTRIBUTING.markdown',
      source: 'external',
      externalGuides: ['GitHub Ruby style guide'],
      words: null,
      topics: null,
      daysSinceRevision: null,
      notMeasured: ['words', 'topics', 'daysSinceRevision'],
      enforcement: ['rubocop'],
    });
    expect(rule).toMatchObject({ score: 10, status: 'pass' });
    expect(rule.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        path: '.github/CONTRIBUTING.markdown',
        line: 5,
        message: expect.stringMatching(/^The style guide is an external standard \(GitHub Ruby style guide\)/),
      }),
    ]);
  });

  it('Go Code Review Comments, without a linter: only what is measured scores', async () => {
    const rule = await styleGuide({
      'CONTRIBUTING.md':
        '# Contributing\n\n* Relevant coding style guidelines are the [Go Code Review\n  Comments](https://go.dev/wiki/CodeReviewComments).\n',
    });
    expect(rule.metrics).toMatchObject({ source: 'external', externalGuides: ['Go Code Review Comments'], enforcement: [] });
    expect(rule.score).toBeCloseTo(6.67, 2);
  });

  it('a guide the contributor documents adopt comes before the style notes given to coding assistants', async () => {
    const rule = await styleGuide({
      'CONTRIBUTING.md':
        '# Contributing\n\n* Relevant coding style guidelines are the [Go Code Review Comments](https://go.dev/wiki/CodeReviewComments).\n',
      'AGENTS.md': '# Agents\n\n## Code Style\n\nUse gofmt.\n',
    });
    expect(rule.metrics).toMatchObject({ path: 'CONTRIBUTING.md', source: 'external', externalGuides: ['Go Code Review Comments'] });
  });

  it('an unknown link counts when its text names a style guide; a guide in the repository wins and the external one is listed', async () => {
    const named = await styleGuide({
      'CONTRIBUTING.md': '# Contributing\n\nFollow [our house style guide](https://wiki.example.com/code).\n',
    });
    expect(named.metrics).toMatchObject({ source: 'external', externalGuides: ['our house style guide'] });
    const both = await styleGuide({
      'CONTRIBUTING.md': '# Contributing\n\nSee [PEP 8](https://peps.python.org/pep-0008/).\n',
      'STYLEGUIDE.md': STYLE_GUIDE,
    });
    expect(both.metrics).toMatchObject({ path: 'STYLEGUIDE.md', source: 'file', externalGuides: ['PEP 8'] });
  });
});

describe('style-guide: a docs project', () => {
  it('does not ask a prose guide for code topics: their points leave the score', async () => {
    const prose =
      '# Style Guide\n\n## Prose\n\n- Prefer title case for headings.\n- Hard wrap at 80 characters.\n\n## Links\n\n- Make intra-book links relative.\n';
    const files: Record<string, string> = { 'book.toml': '[book]\ntitle = "The Book"\n', 'style-guide.md': prose };
    for (let i = 1; i <= 6; i++) files[`src/ch0${i}.md`] = `# Chapter ${i}\n\nText.\n`;
    const rule = await styleGuide(files);
    expect(rule.metrics).toMatchObject({ path: 'style-guide.md', notMeasured: ['topics'] });
    expect(rule.findings.map((f) => f.message)).not.toContainEqual(expect.stringMatching(/does not cover/));
    // 3 (guide) + 2 (one page) + 1.5 (fresh) of the 8 points asked, no enforcement
    expect(rule.score).toBe(8.13); // (6.5 / 8) × 10
  });
});

describe('style-guide: enforcement', () => {
  it('formatters and linters that CI runs count without a config file (cargo fmt --check, cargo clippy)', async () => {
    const ci =
      'on: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo fmt --all --check\n      - run: cargo clippy --all-targets\n';
    const rule = await styleGuide({ '.github/workflows/ci.yml': ci, 'Cargo.toml': '[package]\nname = "x"\n' });
    expect(rule.metrics).toMatchObject({ enforcement: ['clippy', 'rustfmt'], enforcedInCi: ['clippy', 'rustfmt'] });
    expect(rule.score).toBe(1.5);
  });

  it('follows make targets, npm scripts and scripts that CI runs', async () => {
    const ci =
      'on: [push]\njobs:\n  checks:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          make fmtcheck vetcheck staticcheck\n      - run: npm run lint\n';
    const makefile =
      'fmtcheck:\n\t"$(CURDIR)/scripts/gofmtcheck.sh"\n\nvetcheck:\n\t@go vet ./...\n\nstaticcheck:\n\t"$(CURDIR)/scripts/staticcheck.sh"\n\nbuild:\n\tgo build\n';
    const rule = await styleGuide({
      '.github/workflows/checks.yml': ci,
      Makefile: makefile,
      'scripts/gofmtcheck.sh': '#!/bin/sh\ngofmt_files=$(gofmt -l `find . -name "*.go"`)\n',
      'scripts/staticcheck.sh': '#!/bin/sh\ngo tool staticcheck ./...\n',
      'package.json': '{ "scripts": { "lint": "eslint ." } }\n',
    });
    expect(rule.metrics.enforcedInCi).toEqual(['eslint', 'go-vet', 'gofmt', 'staticcheck']);
  });

  it('recognises build plugins and more configs (spring-javaformat, Checkstyle, staticcheck.conf, Oxfmt, TFLint, yamllint, YAPF)', async () => {
    const pom =
      '<project><build><plugins><plugin><groupId>io.spring.javaformat</groupId><artifactId>spring-javaformat-maven-plugin</artifactId></plugin><plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin></plugins></build></project>\n';
    const rule = await styleGuide({
      'pom.xml': pom,
      'staticcheck.conf': 'checks = ["all"]\n',
      '.oxfmtrc.json': '{}\n',
      '.tflint.hcl': 'plugin "x" {}\n',
      '.yamllint': 'extends: default\n',
      '.style.yapf': '[style]\n',
    });
    expect(rule.metrics.enforcement).toEqual(['checkstyle', 'oxfmt', 'spring-javaformat', 'staticcheck', 'tflint', 'yamllint', 'yapf']);
  });

  it("a formatter config inside a bundled dependency (deps/, vendor/, third_party/) is not the project's", async () => {
    const rule = await styleGuide({
      'deps/jemalloc/.clang-format': 'BasedOnStyle: LLVM\n',
      'deps/jemalloc/COPYING': 'BSD\n',
      'third_party/x/.eslintrc': '{}\n',
      'src/a.c': 'int a;\n',
    });
    expect(rule.metrics.enforcement).toEqual([]);
  });
});

describe('style-guide: instructions for coding assistants', () => {
  it('a checklist of commands is not a style guide; a section that says something in words is', async () => {
    const checklist = await styleGuide({
      '.github/copilot-instructions.md':
        '# Copilot instructions\n\n## Code Standards\n\n- Lint: `pnpm run lint`\n- Format: `pnpm run format`\n- Build: `pnpm run build`\n- Test: `pnpm run test`\n\nFollow existing patterns and keep the code structure.\n',
      'src/a.ts': 'export const a = 1;\n',
    });
    expect(checklist.metrics.path).toBeNull();
    const prose =
      'Name React components in PascalCase and hooks with a use prefix. Keep one component per file, next to its styles and its tests. Comments explain why a choice was made, never what the code does. Every new function gets a unit test beside it, and every bug fix a test that fails without it. Prefer small pure functions over classes, and keep side effects at the edges of the program. ';
    const written = await styleGuide({
      '.github/copilot-instructions.md': `# Copilot instructions\n\n## Project coding standards\n\n${prose}${prose}\n`,
      'src/a.ts': 'export const a = 1;\n',
    });
    expect(written.metrics.path).toBe('.github/copilot-instructions.md');
  });
});
