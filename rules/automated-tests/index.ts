import { z } from 'zod';
import { exclusionReason } from '../../src/history/file-filter.ts';
import { defineRule, type Finding, type TreeEntry } from '../../src/types.ts';
import { globMatcher } from '../../src/util/glob.ts';
import { basename, extname } from '../../src/util/paths.ts';
import { round } from '../../src/util/time.ts';

const CODE = new Set([
  '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.vue', '.svelte', '.py', '.go', '.java', '.kt', '.kts', '.scala', '.groovy',
  '.rb', '.rs', '.cs', '.fs', '.vb', '.php', '.ex', '.exs', '.erl', '.swift', '.m', '.mm', '.dart', '.c', '.cc', '.cpp', '.cxx', '.h', '.hpp',
  '.clj', '.cljs', '.hs', '.ml', '.lua', '.pl', '.r', '.jl', '.zig', '.nim', '.elm',
]);

/** Test files by each ecosystem's conventions. */
const TEST_FILE = [
  /\.(test|spec|tests|e2e|e2e-spec|integration|cy)\.[cm]?[jt]sx?$/i, // JavaScript and TypeScript, Cypress
  /(^|\/)test_[^/]+\.py$|_tests?\.py$|(^|\/)conftest\.py$/, // pytest, unittest
  /_test\.(go|dart|exs|rb|cc|cpp|c)$|_unittest\.(cc|cpp)$/, // Go, Dart, Elixir, minitest, googletest
  /_spec\.rb$|Spec\.(groovy|kt|scala)$/, // RSpec, Spock, Kotest, ScalaTest
  /(Tests?|IT)\.(java|kt|cs|php|swift|scala|fs|vb)$/, // JUnit, xUnit, PHPUnit, XCTest
];
const TEST_FOLDER = /(^|\/)(tests?|__tests__|spec|specs|src\/test|[\w.]+\.Tests?|Tests|e2e|integration[-_]?tests?|cypress|playwright)\//;
const E2E_CONFIG = /(^|\/)(playwright\.config|cypress\.config|wdio\.conf|nightwatch\.conf|codecept\.conf|\.detoxrc|\.testcaferc)(\.[\w.]+)?$|(^|\/)cypress\.json$/i;
const E2E_PATH = /(^|\/)(e2e|end-to-end|cypress|playwright|acceptance)(\/|[-_.])|\.e2e(-spec)?\.[cm]?[jt]sx?$/i;
const INTEGRATION_PATH = /(^|\/)(integration|it)(\/|[-_.]tests?\/)|\.integration\.|IT\.(java|kt)$/i;

export const options = z.strictObject({
  minRatio: z.number().positive().default(0.5).describe('Test files per source file that counts as well tested.'),
  requireE2e: z.boolean().default(true).describe('Whether an end-to-end suite (Playwright, Cypress, WebdriverIO …) is expected.'),
});
export type AutomatedTestOptions = z.infer<typeof options>;

export function isTestFile(path: string): boolean {
  return TEST_FILE.some((p) => p.test(path)) || TEST_FOLDER.test(path);
}

/** "src/auth/login.ts" and "test/auth/login.test.ts" share the stem "login". */
function stem(path: string): string {
  return basename(path)
    .replace(/\.[^.]+$/, '')
    .replace(/\.(test|spec|tests|e2e|e2e-spec|integration|cy)$/i, '')
    .replace(/^test_|_(test|spec|unittest)$|(Tests?|IT|Spec)$/g, '')
    .toLowerCase();
}

/** The fixed folder a glob starts with: "src/auth" for "src/auth/**". */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (/[*?[{]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

export function criticalPathCoverage(glob: string, sources: readonly TreeEntry[], tests: readonly TreeEntry[]): { files: number; covered: boolean } {
  const match = globMatcher([glob, `${glob.replace(/\/+$/, '')}/**`]);
  const inPath = sources.filter((f) => match(f.path));
  if (tests.some((t) => match(t.path))) return { files: inPath.length, covered: true };
  const stems = new Set(inPath.map((f) => stem(f.path)));
  const area = basename(globBase(glob)).toLowerCase();
  const covered = tests.some((t) => stems.has(stem(t.path)) || (area !== '' && (t.path.toLowerCase().split('/').includes(area) || stem(t.path).startsWith(area))));
  return { files: inPath.length, covered };
}

export default defineRule<AutomatedTestOptions>({
  meta: {
    id: 'automated-tests',
    pillar: 'speed',
    description: 'Unit, integration and end-to-end tests run automatically, and the critical paths have tests of their own.',
    risk: 'high',
    needs: ['files'],
    options,
    remediation:
      'Add tests beside the code, starting with what would wake you at night (sign-in, checkout, payments): list those paths under critical-paths in blueprint.yml, then add an end-to-end suite for the journeys through them.',
    standard: (o) => `Unit, integration and end-to-end tests run on every change: at least ${o.minRatio} test files per source file${o.requireE2e ? ', an end-to-end suite for the critical journeys' : ''}, and tests for every critical path.`,
    firstSteps: [
      'List the code that would wake you at night (sign-in, checkout, payments) under critical-paths in blueprint.yml.',
      'Give each critical path tests of its own before widening coverage elsewhere.',
      'Add an end-to-end suite (Playwright or Cypress) for the two or three journeys that make money, and run it in CI.',
    ],
  },
  async evaluate({ repo, options, blueprint }) {
    const entries = await repo.files();
    const files = entries.filter((f) => f.kind === 'file' && CODE.has(extname(f.path).toLowerCase()));
    const tests: TreeEntry[] = [];
    const sources: TreeEntry[] = [];
    for (const file of files) {
      if (isTestFile(file.path)) tests.push(file);
      else if (exclusionReason(file) === null && !/(^|\/)(scripts?|tools|bench|benchmarks?|fixtures?|migrations|examples?)\//.test(file.path) && !/(^|\/)[\w.-]+\.config\.[cm]?[jt]s$/.test(file.path)) sources.push(file);
    }
    const e2eTools = [...new Set(entries.filter((e) => E2E_CONFIG.test(e.path)).map((e) => basename(e.path).split('.')[0]!.replace(/^\./, '').replace(/rc$/, '')))].sort();
    const e2e = e2eTools.length > 0 || tests.some((t) => E2E_PATH.test(t.path));
    const integration = tests.some((t) => INTEGRATION_PATH.test(t.path));
    const ratio = sources.length ? tests.length / sources.length : 0;
    const critical = blueprint.criticalPaths.map((glob) => ({ glob, ...criticalPathCoverage(glob, sources, tests) }));
    const uncovered = critical.filter((c) => c.files > 0 && !c.covered).map((c) => c.glob);
    const metrics = { testFiles: tests.length, sourceFiles: sources.length, ratio: round(ratio, 3), e2e, e2eTools, integration, criticalPaths: critical.length, criticalPathsUncovered: uncovered };
    if (!sources.length && !tests.length) return { score: null, metrics, findings: [], reason: 'No source code to test.' };

    const findings: Finding[] = [];
    if (!tests.length) findings.push({ severity: 'error', message: `No test files among ${sources.length} source files.`, path: null, line: null });
    else if (ratio < options.minRatio) findings.push({ severity: 'warning', message: `${tests.length} test files for ${sources.length} source files (${round(ratio, 2)}); aim for ${options.minRatio}.`, path: null, line: null });
    if (options.requireE2e && !e2e) findings.push({ severity: 'warning', message: 'No end-to-end suite (Playwright, Cypress, WebdriverIO, or an e2e/ folder) for the critical user journeys.', path: null, line: null });
    for (const c of critical) {
      if (!c.files) findings.push({ severity: 'info', message: `The critical path ${c.glob} matches no source file; check blueprint.yml.`, path: null, line: null });
      else if (!c.covered) findings.push({ severity: 'error', message: `The critical path ${c.glob} (${c.files} files) has no tests of its own.`, path: null, line: null });
    }
    const parts = [{ earned: 5 * Math.min(1, ratio / options.minRatio), weight: 5 }];
    if (options.requireE2e) parts.push({ earned: e2e ? 2 : integration ? 1 : 0, weight: 2 });
    const counted = critical.filter((c) => c.files > 0);
    if (counted.length) parts.push({ earned: (3 * (counted.length - uncovered.length)) / counted.length, weight: 3 });
    const score = (10 * parts.reduce((s, p) => s + p.earned, 0)) / parts.reduce((s, p) => s + p.weight, 0);
    return { score: round(score, 2), metrics, findings };
  },
});
