import { describe, expect, it } from 'vitest';
import type { FixtureCommit } from '../../fixtures/builder.ts';
import { STYLE_GUIDE } from '../../fixtures/repos.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

async function styleGuide(commits: FixtureCommit[]) {
  return runRule(findRule('style-guide')!, { commits }, { now: NOW });
}

describe('style-guide', () => {
  it('a short, complete, recent, enforced guide scores 10', async () => {
    const rule = await styleGuide([
      { date: '2026-10-25T12:00:00Z', files: { 'STYLEGUIDE.md': STYLE_GUIDE, '.editorconfig': 'root = true\n', '.prettierrc': '{}' } },
    ]);
    expect(rule.metrics).toEqual({
      path: 'STYLEGUIDE.md',
      section: null,
      source: 'file',
      words: 63,
      topics: ['naming', 'file-organization', 'comments', 'testing'],
      daysSinceRevision: 30,
      enforcement: ['editorconfig', 'prettier'],
      enforcedInCi: [],
      externalGuides: [],
    });
    expect(rule).toMatchObject({ score: 10, status: 'pass', findings: [] });
  });

  it('measures days since the last commit that changed the guide, not since the last commit', async () => {
    const rule = await styleGuide([
      { date: '2026-01-10T12:00:00Z', files: { 'docs/style-guide.md': STYLE_GUIDE } },
      { date: '2026-11-20T12:00:00Z', files: { 'src/a.ts': 'x\n' } },
    ]);
    expect(rule.metrics.path).toBe('docs/style-guide.md');
    expect(rule.metrics.daysSinceRevision).toBe(318);
    expect(rule.findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: 'The style guide was last revised 318 days ago; review it every 92 days.' }),
    );
    expect(rule.score).toBe(7);
  });

  it('finds a style section of CONTRIBUTING.md and measures only that section', async () => {
    const contributing = `# Contributing\n\nOpen a pull request.\n\n${'Lots of process words here. '.repeat(200)}\n\n## Coding standards\n\nName things with camelCase. Write tests for every change.\n\n## Releases\n\nWe release on Mondays.\n`;
    const rule = await styleGuide([{ date: '2026-11-01T00:00:00Z', files: { 'CONTRIBUTING.md': contributing } }]);
    expect(rule.metrics).toMatchObject({ path: 'CONTRIBUTING.md', section: 'Coding standards', words: 11, topics: ['naming', 'testing'] });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({
        path: 'CONTRIBUTING.md',
        line: 7,
        message: 'The style guide does not cover: file-organization, comments.',
      }),
    );
  });

  it('a guide longer than one page loses points in proportion', async () => {
    const long = `${STYLE_GUIDE}\n${'word '.repeat(1137)}`;
    const rule = await styleGuide([{ date: '2026-11-01T00:00:00Z', files: { 'STYLE_GUIDE.md': long } }]);
    expect(rule.metrics.words).toBe(1200);
    expect(rule.score).toBe(3 + 1 + 2 + 1.5);
    expect(rule.findings[0]!.message).toBe('The style guide has 1200 words; keep it to one page (600 words).');
  });

  it('no guide: an error finding, and only enforcement tools count', async () => {
    const none = await styleGuide([{ date: '2026-11-01T00:00:00Z', files: { 'README.md': '# style\nNaming, comments and tests.\n' } }]);
    expect(none).toMatchObject({ score: 0, status: 'warn', metrics: { path: null, enforcement: [] } });
    const tools = await styleGuide([
      {
        date: '2026-11-01T00:00:00Z',
        files: {
          'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
          'sub/.golangci.yml': 'linters: {}\n',
          'node_modules/x/.eslintrc': '{}',
        },
      },
    ]);
    expect(tools.metrics.enforcement).toEqual(['golangci-lint', 'ruff']);
    expect(tools.score).toBe(1.5);
  });

  it('takes configured paths first', async () => {
    const repo = {
      commits: [
        {
          date: '2026-11-01T00:00:00Z',
          files: {
            'handbook/code.md': STYLE_GUIDE,
            'STYLEGUIDE.md': 'short\n',
            'blueprint.yml': 'rules:\n  style-guide:\n    options: { paths: [handbook/code.md], maxWords: 50 }\n',
          },
        },
      ],
    };
    const rule = await runRule(findRule('style-guide')!, repo, { now: NOW });
    expect(rule.metrics.path).toBe('handbook/code.md');
    expect(rule.findings[0]!.message).toMatch(/keep it to one page \(50 words\)/);
  });
});
