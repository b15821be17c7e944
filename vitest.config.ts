import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { compiledSources } from './test/compiled-sources.ts';

const compiled = compiledSources(fileURLToPath(new URL('.', import.meta.url)));

/**
 * Files that take longest, started first so that none is left running alone at the end (vitest
 * orders by the last run's durations, which a fresh clone in CI does not have; then by size).
 */
const LONGEST_FIRST = [
  'test/package/tarball.test.ts',
  'test/remote/github.test.ts',
  'test/trend/remote.test.ts',
  'test/remote/github-responses.test.ts',
  'test/engine/untrusted.test.ts',
  'test/records/organisation.test.ts',
  'test/records/sources.test.ts',
  'test/engine/report-inputs.test.ts',
  'test/remote/github-accounts.test.ts',
  'test/trend/trend.test.ts',
  'test/rules/registry.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Files run in a worker of their own: one replaces modules with vi.mock, which must reach no other
 * file; one renders a report of 300,000 repositories, whose heap a shared worker would keep, and
 * every git process forked from a bigger process costs more.
 */
const ISOLATED = ['test/cli/audit-options.test.ts', 'test/engine/report-inputs.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Most tests wait on git and servers rather than compute, so more workers than cores pays:
    // the whole suite in 155 s with four against 185 s with the default on this 2-core machine.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        plugins: compiled ? [compiled] : [],
        test: {
          name: 'shared',
          // The build, imported by Node itself (test/compiled-sources.ts).
          server: { deps: { external: [/\/dist\/(src|rules)\//] } },
          include: ['test/**/*.test.ts'],
          exclude: ISOLATED,
          // A worker keeps the modules it imported for the next file: importing src/ afresh for
          // every file was about half of the CPU the light test files took.
          isolate: false,
        },
      },
      // The build too, evaluated by vitest (not external): vi.mock replaces its modules.
      { extends: true, plugins: compiled ? [compiled] : [], test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
