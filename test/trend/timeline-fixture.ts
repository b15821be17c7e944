import type { FixtureCommit, FixtureSpec } from '../../fixtures/builder.ts';
import { STYLE_GUIDE } from '../../fixtures/repos.ts';

/**
 * A repository whose practices change at known dates, sampled monthly on the 15th from
 * 2026-01-15 to 2026-11-15:
 * - the style guide (2025-11-10) goes stale after 92 days (between 2026-02-15 and 2026-03-15 it is not, see below);
 * - CODEOWNERS is added on 2026-02-01 and deleted on 2026-06-01;
 * - CI runs tests from 2025-12-01 and gains a deploy job on 2026-04-01;
 * - Linus, the core's only author, makes his last commit on 2026-02-20; with activeDays 120 he has left by 2026-07-15;
 * - feature/stale opens on 2026-08-03 and is never merged; feature/quick opens on 2026-09-20 and is merged the next day.
 */
export const CI_TEST =
  'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n      - run: npm run build\n';
export const CI_DEPLOY = `${CI_TEST}  deploy:\n    needs: test\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: npx netlify deploy --prod\n`;

const monthly = (from: number, to: number, day: string, make: (month: string) => FixtureCommit): FixtureCommit[] =>
  Array.from({ length: to - from + 1 }, (_, k) => make(`2026-${String(from + k).padStart(2, '0')}-${day}`));

export const TIMELINE: FixtureSpec = {
  commits: [
    {
      author: 'linus',
      date: '2025-11-01T10:00:00Z',
      message: 'Start the core',
      files: {
        'README.md': '# Timeline\n\nA service whose practices change over the year.\n',
        'package.json': '{ "name": "timeline", "scripts": { "test": "node --test", "build": "tsc" } }\n',
        'blueprint.yml': 'kind: service\nrules:\n  bus-factor:\n    options:\n      activeDays: 120\n',
        'src/core/engine.js': 'export const engine = 1;\n',
        'src/core/parser.js': 'export const parser = 1;\n',
        'src/web/app.js': 'export const app = 1;\n',
        'test/engine.test.js': "import test from 'node:test';\ntest('engine', () => {});\n",
      },
    },
    { author: 'ada', date: '2025-11-10T10:00:00Z', message: 'Write the style guide', files: { 'STYLEGUIDE.md': STYLE_GUIDE } },
    { author: 'linus', date: '2025-12-01T10:00:00Z', message: 'Run the tests in CI', files: { '.github/workflows/ci.yml': CI_TEST } },
    {
      author: 'linus',
      date: '2026-01-05T10:00:00Z',
      message: 'Tune the engine',
      files: { 'src/core/engine.js': 'export const engine = 2;\n' },
    },
    {
      author: 'grace',
      date: '2026-02-01T10:00:00Z',
      message: 'Add CODEOWNERS',
      files: { CODEOWNERS: '* @grace\nsrc/core/ @linus @grace\n' },
    },
    {
      author: 'linus',
      date: '2026-02-20T10:00:00Z',
      message: 'Last tune of the parser',
      files: { 'src/core/parser.js': 'export const parser = 2;\n' },
    },
    { author: 'grace', date: '2026-04-01T10:00:00Z', message: 'Deploy from CI', files: { '.github/workflows/ci.yml': CI_DEPLOY } },
    { author: 'ada', date: '2026-06-01T10:00:00Z', message: 'Drop CODEOWNERS', files: { CODEOWNERS: null } },
    ...monthly(1, 11, '10T09:00:00Z', (d) => ({
      author: 'grace',
      date: d,
      message: `Web work ${d.slice(0, 7)}`,
      files: { 'src/web/app.js': `export const app = '${d}';\n` },
    })),
    {
      branch: 'feature/stale',
      author: 'ada',
      date: '2026-08-03T10:00:00Z',
      message: 'Start a long branch',
      files: { 'src/web/big.js': '1\n' },
    },
    {
      branch: 'feature/quick',
      author: 'grace',
      date: '2026-09-20T10:00:00Z',
      message: 'A quick change',
      files: { 'src/web/quick.js': '1\n' },
    },
    { author: 'grace', date: '2026-09-21T10:00:00Z', message: 'Merge feature/quick', merge: ['feature/quick'] },
  ].sort((a, b) => (a.date < b.date ? -1 : 1)) as FixtureCommit[],
};
