import {
  basename,
  dirname,
  EXAMPLES,
  extname,
  findingsFrom,
  globMatcher,
  isOutsideOwnCode,
  linguistVerdicts,
  pointsScore,
  round,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type ProjectKind, type RepoView, type TreeEntry } from '../../src/types.ts';

/** Programming languages whose files are source (and, by convention, tests). */
const CODE = new Set([
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.vue',
  '.svelte',
  '.py',
  '.go',
  '.java',
  '.kt',
  '.kts',
  '.scala',
  '.groovy',
  '.rb',
  '.rs',
  '.cs',
  '.fs',
  '.vb',
  '.php',
  '.ex',
  '.exs',
  '.erl',
  '.swift',
  '.m',
  '.mm',
  '.dart',
  '.c',
  '.cc',
  '.cpp',
  '.cxx',
  '.h',
  '.hpp',
  '.clj',
  '.cljs',
  '.cljc',
  '.hs',
  '.ml',
  '.lua',
  '.pl',
  '.pm',
  '.r',
  '.jl',
  '.zig',
  '.nim',
  '.elm',
]);
/**
 * Terraform is the product of an infrastructure project (a module, a landing zone) and source
 * there; beside a service's code it says where the service runs, which the iac rule judges.
 */
const IAC = new Set(['.tf', '.tofu']);
/** Shell is the project's code only in a shell project; elsewhere it is build and CI glue. */
const SHELL = new Set(['.sh', '.bash']);
/** Files that are tests by their format alone: Cucumber, bats, Robot Framework, terraform test. */
const TEST_FORMAT = /\.(feature|bats|robot)$|\.tftest\.(hcl|json)$/i;
/** Test scripts written in languages that are not source here (shell suites, Tcl, Perl's .t). */
const TEST_SCRIPT = new Set(['.sh', '.bash', '.tcl', '.t', '.exp']);

/** Test files by each ecosystem's naming convention. */
const TEST_FILE = [
  /\.(test|spec|tests|e2e|e2e-spec|integration|cy|test-d)\.[cm]?[jt]sx?$/i, // JavaScript and TypeScript, Cypress, tsd
  /(^|\/)test_[^/]+\.py$|_tests?\.py$|(^|\/)(conftest|tests)\.py$/, // pytest, unittest, Django's tests.py
  /_test\.(go|dart|exs|rb|cc|cpp|c|clj|cljc|sh)$|_unittest\.(cc|cpp)$|(^|\/)test_[^/]+\.(c|rb|sh)$/, // Go, Dart, Elixir, minitest, googletest, clojure.test
  /_spec\.(rb|lua)$|Spec\.(groovy|kt|scala|hs)$|Suite\.scala$/, // RSpec, busted, Spock, Kotest, ScalaTest, hspec
  /(Tests?|IT)\.(java|kt|cs|php|swift|scala|fs|vb|m)$/, // JUnit (FooTest, FooTests, FooIT, FooIntegrationTests), xUnit, PHPUnit, XCTest
  /_SUITE\.erl$|_tests\.erl$/, // Common Test, EUnit
  /(^|\/)tests?\.rs$|_tests?\.rs$/, // Rust test modules kept beside the code (src/kv/tests.rs)
];
/**
 * Folders that hold tests, whatever the language: test/, tests/, t/ (git, Perl), spec/,
 * __tests__/, testing/, unit-tests/, integration-tests/, fuzz/, e2e/, Maven and Gradle source sets
 * (src/test, src/it, src/jvmTest, src/commonTest, src/integrationTest, src/testFixtures), .NET test
 * projects (App.Tests/), Swift and Xcode test targets (Tests/, AppTests/, AppUITests/).
 */
const TEST_FOLDER =
  /(^|\/)(tests?|t|__tests__|spec|specs|testing|test[-_]?suite|unit[-_]?tests?|unittests?|integration[-_]?tests?|fuzz|e2e|cypress|playwright|src\/test|src\/it|src\/[a-z][A-Za-z0-9]*Test|src\/test[A-Z][A-Za-z0-9]*|[\w.-]+\.(Unit|Integration|Functional)?Tests?|[A-Z][\w]*Tests)\//;
const E2E_CONFIG =
  /(^|\/)(playwright\.config|cypress\.config|wdio\.conf|nightwatch\.conf|codecept\.conf|\.detoxrc|\.testcaferc)(\.[\w.]+)?$|(^|\/)cypress\.json$|(^|\/)(vitest|jest)\.(config\.)?e2e(\.config)?\.[cm]?[jt]s$|(^|\/)jest-e2e\.json$/i;
/** An e2e, end-to-end, acceptance (folder), Cypress or Playwright part of a path, or UI tests of an app. */
const E2E_PATH =
  /(^|[/_.-])(e2e|e2etests?|end-to-end)([/_.-]|$)|(^|\/)(cypress|playwright|acceptance(-tests?)?)\/|(^|\/)t\/t\d{4}-[^/]+\.sh$|\.(bats|robot)$/i;
/** Xcode UI test targets (AppUITests/) drive the app as a user would. */
const UI_TESTS = /UITests?\//;
const INTEGRATION_PATH =
  /(^|\/)(integration|it)(\/|[-_]tests?\/)|[._-]integration[._-]|Integration\w*Tests?\.(java|kt|cs)$|IT\.(java|kt)$/i;
/** Folders of build and CI tooling, benchmarks, migrations, and apps that exist to try or test the project. */
const TOOLING =
  /(^|\/)(scripts?|tools|tooling|bench|benches|benchmarks?|hack|ci|\.github|\.circleci|\.gitlab|\.buildkite|\.devcontainer|\.storybook|buildSrc|build-logic|migrations|playgrounds?|stories|[\w-]+[-_]docs?)\//;
/** Tool configuration (vite.config.ts, vitest.config.e2e.ts) is neither source nor a test. */
const TOOL_CONFIG = /(^|\/)[\w-]+\.config(\.[\w-]+)*\.[cm]?[jt]s$/;
const NOT_SOURCE_FILE = /\.stories\.[cm]?[jt]sx?$|(^|\/)(Gruntfile|Gulpfile|gulpfile|Rakefile|Jakefile|karma\.conf[\w.-]*)\.\w+$/;
/** A generated file says so near its top. */
const GENERATED_MARK =
  /@generated\b|^\W*code generated\b.*\bdo not edit\b|^\W*(?:this (?:file|code) (?:is|was|has been) )?(?:auto-?|automatically )?generated\b|^\W*do not edit\b/im;
/** Unit tests written inside a source file: Rust test functions or a #[cfg(test)] module with a body (not `mod tests;`), Zig test blocks. */
const INLINE_TEST: Record<string, RegExp> = { '.rs': /#\[(?:[\w:]+::)?test\b|#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/, '.zig': /^\s*test\s+"/m };
/** JVM source sets name packages by folder (org/springframework/samples/…): those folders say nothing about the file. */
const PACKAGE_FOLDERS = /(^|\/)(src\/[\w-]+\/(?:java|kotlin|scala|groovy))\/.*\//;
/** Files a package.json script writes (rollup -o debug-info.js): build output, not source. */
const BUILD_OUTPUT = /(?:^|\s)(?:-o|--output|--outfile|--out-file|--file)[ =]['"]?([\w./-]+\.[cm]?[jt]s)\b/g;
const LICENSE_FILE = /^(licen[cs]e|copying)(\.|-|$)/i;
const OWN_CI = /^(\.github\/workflows\/|\.travis\.yml$|\.gitlab-ci\.yml$|appveyor\.yml$|\.circleci\/|azure-pipelines\.yml$)/;
const CI_FILE =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|\.travis\.yml|Jenkinsfile|\.buildkite\/pipeline\.ya?ml|bitbucket-pipelines\.yml|\.drone\.yml|\.woodpecker\.ya?ml)$/;
/** Commands that run a test suite, as CI configurations write them. */
const TEST_COMMANDS: RegExp[] = [
  /\b(?:npm|pnpm|yarn|bun)(?: run)? (?:test|e2e)[\w:-]*/,
  /\bnpx (?:vitest|jest|mocha|ava|playwright test|cypress run|wdio)\b/,
  /\bplaywright test\b/,
  /\bcypress run\b/,
  /\b(?:go|richgo) test\b/,
  /\bgotestsum\b/,
  /\bcargo (?:hack )?(?:test|nextest)\b/,
  /\b(?:python -m )?pytest\b/,
  /(?<=^|[\s;&|])(?:tox|nox)(?=\s|$)/,
  /\b(?:bundle exec )?(?:rspec|cucumber|rails test)\b/,
  /\bbundle exec rake(?: (?:test|spec)\b)?/,
  /\bscript\/(?:test|cucumber|cibuild)\b/,
  /\b(?:mvn|\.\/mvnw)\b[^\n'"]*?\b(?:test|verify)\b/,
  /\.\/gradlew\b[^\n'"]*?\b(?:test|check|allTests)\b/,
  /\bdotnet test\b/,
  /\bmix test\b/,
  /\bswift test\b/,
  /\bmake (?:-\S+ )*(?:\w*test\w*|check)\b/,
  /\bctest\b/,
  /\bmeson test\b/,
  /\bct (?:install|lint-and-install)\b/,
  /\bhelm unittest\b/,
  /\b(?:terraform|tofu) test\b/,
  /\bbats\b/,
  /\bmdbook test\b/,
  /\.\/runtest\b/,
  /[\w./-]*\btests?\.sh\b/,
  /\bprove\b/,
  /\bphpunit\b/,
  /\bcomposer test\b/,
  /\b(?:flutter|dart|deno) test\b/,
];
const E2E_COMMAND = /\b(playwright|cypress|cucumber|wdio)\b/;
/** Dev dependencies that are end-to-end runners (named in e2eTools when an e2e suite is there). */
const E2E_PACKAGES: Record<string, string> = {
  playwright: 'playwright',
  '@playwright/test': 'playwright',
  'playwright-chromium': 'playwright',
  'playwright-core': 'playwright',
  cypress: 'cypress',
  webdriverio: 'webdriverio',
  '@wdio/cli': 'webdriverio',
  nightwatch: 'nightwatch',
  testcafe: 'testcafe',
  detox: 'detox',
  '@cucumber/cucumber': 'cucumber',
  puppeteer: 'puppeteer',
};
/** Kinds of project with user journeys an end-to-end suite should cover (`requireE2e: auto`). */
const E2E_KINDS: ReadonlySet<ProjectKind | null> = new Set<ProjectKind | null>(['service', null]);

export const options = z.strictObject({
  minRatio: z.number().positive().default(0.5).describe('Test files per source file that counts as well tested.'),
  requireE2e: z
    .union([z.boolean(), z.literal('auto')])
    .default('auto')
    .describe(
      'Whether an end-to-end suite (Playwright, Cypress, WebdriverIO …) is expected: true, false, or auto (by the kind of project: services and projects of unknown kind, not libraries, command-line tools, infrastructure or docs).',
    ),
});
export type AutomatedTestOptions = z.infer<typeof options>;

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

export function criticalPathCoverage(
  glob: string,
  sources: readonly TreeEntry[],
  tests: readonly TreeEntry[],
): { files: number; covered: boolean } {
  const match = globMatcher([glob, `${glob.replace(/\/+$/, '')}/**`]);
  const inPath = sources.filter((f) => match(f.path));
  if (tests.some((t) => match(t.path))) return { files: inPath.length, covered: true };
  const stems = new Set(inPath.map((f) => stem(f.path)));
  const area = basename(globBase(glob)).toLowerCase();
  const covered = tests.some(
    (t) => stems.has(stem(t.path)) || (area !== '' && (t.path.toLowerCase().split('/').includes(area) || stem(t.path).startsWith(area))),
  );
  return { files: inPath.length, covered };
}

/** Folders below the top holding a licence and a CI configuration of their own: another project copied in. */
function embeddedProjects(files: readonly TreeEntry[]): string[] {
  const licensed = new Set(
    files.filter((f) => f.path.includes('/') && LICENSE_FILE.test(basename(f.path))).map((f) => `${dirname(f.path)}/`),
  );
  const embedded = [...licensed].filter((dir) => files.some((f) => f.path.startsWith(dir) && OWN_CI.test(f.path.slice(dir.length))));
  return embedded.sort();
}

/** Chart folders (those holding a Chart.yaml), each with a trailing slash. */
function chartFolders(files: readonly TreeEntry[]): string[] {
  return files.filter((f) => basename(f.path) === 'Chart.yaml').map((f) => (f.path.includes('/') ? `${dirname(f.path)}/` : ''));
}

type HelmRole = 'source' | 'test' | 'integration' | null;

/** A chart file's part: templates are source; test hooks, helm-unittest suites and chart-testing values are tests. */
function helmRole(path: string, charts: readonly string[]): HelmRole {
  const chart = charts.filter((c) => path.startsWith(c)).sort((a, b) => b.length - a.length)[0];
  if (chart === undefined) return null;
  const rest = path.slice(chart.length);
  if (rest.startsWith('charts/')) return null; // a bundled subchart without its own Chart.yaml in the tree
  if (/^templates\/(.*\/)?tests\/.*\.ya?ml$/.test(rest) || /^(unit)?tests\/.*_test\.ya?ml$/.test(rest)) return 'test';
  if (/^ci\/[^/]+\.ya?ml$/.test(rest)) return 'integration';
  if (/^templates\/.*\.(ya?ml|tpl)$/.test(rest)) return 'source';
  return null;
}

/** Test commands the CI configurations run, as written there (sorted, at most ten). */
async function ciTestCommands(repo: RepoView, files: readonly TreeEntry[]): Promise<string[]> {
  const found = new Set<string>();
  for (const file of files.filter((f) => CI_FILE.test(f.path))) {
    const text = (await repo.readText(file.path)) ?? '';
    for (const line of text.split('\n')) {
      if (/^\s*#/.test(line)) continue;
      for (const command of TEST_COMMANDS) {
        const m = command.exec(line);
        if (m)
          found.add(
            m[0]
              .replace(/\s+/g, ' ')
              .trim()
              .replace(/^\.\/(?=[\w.-]+\/)/, ''),
          );
      }
    }
  }
  return [...found].sort().slice(0, 10);
}

async function buildOutputs(repo: RepoView, files: readonly TreeEntry[]): Promise<Set<string>> {
  if (!files.some((f) => f.path === 'package.json')) return new Set();
  try {
    const scripts = Object.values(
      (JSON.parse((await repo.readText('package.json')) ?? '{}') as { scripts?: Record<string, string> }).scripts ?? {},
    );
    return new Set(
      scripts.flatMap((s) => (typeof s === 'string' ? [...s.matchAll(BUILD_OUTPUT)].map((m) => m[1]!.replace(/^\.\//, '')) : [])),
    );
  } catch {
    return new Set();
  }
}

async function e2eDevDependencies(repo: RepoView, files: readonly TreeEntry[]): Promise<string[]> {
  if (!files.some((f) => f.path === 'package.json')) return [];
  try {
    const manifest = JSON.parse((await repo.readText('package.json')) ?? '{}') as {
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    return Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).flatMap((name) =>
      E2E_PACKAGES[name] ? [E2E_PACKAGES[name]!] : [],
    );
  } catch {
    return [];
  }
}

const MESSAGES = {
  'no-tests': 'No test files among {source} source files.',
  'no-terraform-tests':
    'No test files among {source} source files (Terraform: terraform test *.tftest.hcl, Terratest test/*_test.go or kitchen-terraform would count).',
  'few-tests': '{tests} test files for {source} source files ({ratio}); aim for {minRatio}.',
  'no-e2e': 'No end-to-end suite (Playwright, Cypress, WebdriverIO, or an e2e/ folder) for the critical user journeys.',
  'critical-path-unmatched': 'The critical path {glob} matches no source file; check blueprint.yml.',
  'critical-path-untested': 'The critical path {glob} ({files} files) has no tests of its own.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<AutomatedTestOptions>({
  meta: {
    id: 'automated-tests',
    pillar: 'speed',
    description: 'Unit, integration and end-to-end tests run automatically, and the critical paths have tests of their own.',
    risk: 'high',
    needs: ['files'],
    options,
    messages: MESSAGES,
    remediation:
      'Add tests beside the code, starting with what would wake you at night (sign-in, checkout, payments): list those paths under critical-paths in blueprint.yml, then add an end-to-end suite for the journeys through them.',
    standard: (o) =>
      `Unit, integration and end-to-end tests run on every change: at least ${o.minRatio} test files per source file${o.requireE2e === false ? '' : o.requireE2e === true ? ', an end-to-end suite for the critical journeys' : ", an end-to-end suite for a service's critical journeys"}, and tests for every critical path.`,
    firstSteps: [
      'List the code that would wake you at night (sign-in, checkout, payments) under critical-paths in blueprint.yml.',
      'Give each critical path tests of its own before widening coverage elsewhere.',
      'Add an end-to-end suite (Playwright or Cypress) for the two or three journeys that make money, and run it in CI.',
    ],
  },
  async evaluate({ repo, options, blueprint, kind }) {
    const entries = await repo.files();
    const all = entries.filter((f) => f.kind === 'file');
    const embedded = embeddedProjects(all);
    const charts = chartFolders(all);
    // Vendored, generated and copied-in code is neither the project's source nor its tests
    // (Linguist's verdict, .gitattributes having the last word).
    const verdicts = await linguistVerdicts(repo, all);
    const why = (f: TreeEntry) => verdicts.get(f.path)?.reason ?? null;
    const files = all.filter((f) => why(f) !== 'vendored' && why(f) !== 'generated' && !embedded.some((dir) => f.path.startsWith(dir)));
    const featureRoots = [
      ...new Set(
        files
          .filter((f) => f.path.endsWith('.feature'))
          .map((f) => /^(.*?(?:^|\/)features\/)/.exec(f.path)?.[1])
          .filter((p): p is string => p !== undefined),
      ),
    ];
    const infrastructure = kind === 'infrastructure';
    const hasCode = files.some((f) => CODE.has(extname(f.path)));
    const iacIsSource = infrastructure || !hasCode;

    const tests: TreeEntry[] = [];
    const candidates: TreeEntry[] = [];
    let helmIntegration = false;
    for (const file of files) {
      const ext = extname(file.path);
      const helm = charts.length ? helmRole(file.path, charts) : null;
      if (helm === 'test' || helm === 'integration') {
        tests.push(file);
        helmIntegration ||= helm === 'integration';
        continue;
      }
      if (TOOL_CONFIG.test(file.path)) continue;
      const codeLike = CODE.has(ext) || SHELL.has(ext) || IAC.has(ext);
      const inTestFolder = TEST_FOLDER.test(file.path) || featureRoots.some((root) => file.path.startsWith(root));
      // Infrastructure tests are often data: tfvars inputs and YAML inventories of the expected plan.
      const testData = infrastructure && /\.(tfvars|ya?ml)$/.test(file.path) && !/(^|\/)(fixtures?|testdata|assets|data)\//.test(file.path);
      if (
        TEST_FORMAT.test(file.path) ||
        ((codeLike || TEST_SCRIPT.has(ext) || testData) &&
          inTestFolder &&
          !/(^|\/)(fixtures?|__fixtures__|testdata|__snapshots__)\//.test(file.path)) ||
        (codeLike && TEST_FILE.some((p) => p.test(file.path)))
      ) {
        // Tests inside examples and listings (a book's chapter on testing) are not the project's.
        const example = EXAMPLES.exec(file.path.replace(PACKAGE_FOLDERS, '$1$2/'));
        const folder = TEST_FOLDER.exec(file.path);
        if (!example || (folder && folder.index < example.index)) tests.push(file);
        continue;
      }
      if (((helm === 'source' || IAC.has(ext)) && iacIsSource) || CODE.has(ext) || (SHELL.has(ext) && !hasCode)) candidates.push(file);
    }

    // Documentation, examples, listings and fixtures are not the project's source, unless the
    // code there has tests of its own beside it (a Go package named doc/).
    const testedFolders = new Set(tests.map((t) => dirname(t.path)));
    const sources: TreeEntry[] = [];
    const outputs = await buildOutputs(repo, files);
    for (const file of candidates) {
      const folders = file.path.replace(PACKAGE_FOLDERS, '$1$2/');
      if (TOOLING.test(folders) || NOT_SOURCE_FILE.test(file.path) || outputs.has(file.path)) continue;
      const documentation = why(file) === 'documentation' || isOutsideOwnCode(folders);
      if (documentation && !testedFolders.has(dirname(file.path))) continue;
      sources.push(file);
    }
    // A blobless clone (sizes unknown) fetches each file read: there only the files that can hold
    // inline tests, and chart templates, are read; other generated headers go unseen.
    const readable = (f: TreeEntry) => f.size >= 0 || extname(f.path) in INLINE_TEST || /\.ya?ml$/.test(f.path);
    const read = await Promise.all(sources.map(async (f) => ({ file: f, text: readable(f) ? ((await repo.readText(f.path)) ?? '') : '' })));
    const own = read.filter(({ text }) => !GENERATED_MARK.test(text.slice(0, 600)));
    const inline = own.filter(({ file, text }) => INLINE_TEST[extname(file.path)]?.test(text)).map(({ file }) => file);
    const source = own.map(({ file }) => file);
    const testFiles = [...tests, ...inline];

    const ciCommands = await ciTestCommands(repo, all);
    const configTools = entries
      .filter((e) => E2E_CONFIG.test(e.path))
      .map((e) => basename(e.path).split('.')[0]!.replace(/^\./, '').replace(/rc$/, '').replace(/-e2e$/, ''));
    const cucumber = tests.some((t) => t.path.endsWith('.feature')) || ciCommands.some((c) => /cucumber/.test(c));
    const e2eByPath = tests.some((t) => E2E_PATH.test(t.path) || UI_TESTS.test(t.path));
    const e2eByCi = ciCommands.some((c) => E2E_COMMAND.test(c));
    const e2e = configTools.length > 0 || cucumber || e2eByPath || e2eByCi;
    const ciTools = ciCommands.flatMap((c) => E2E_COMMAND.exec(c)?.[1] ?? []).map((t) => (t === 'wdio' ? 'webdriverio' : t));
    const e2eTools = e2e
      ? [
          ...new Set([
            ...configTools,
            ...(cucumber ? ['cucumber'] : []),
            ...ciTools,
            ...(await e2eDevDependencies(repo, files)),
            ...(tests.some((t) => /\.robot$/.test(t.path)) ? ['robot'] : []),
            ...(tests.some((t) => UI_TESTS.test(t.path)) ? ['xcuitest'] : []),
          ]),
        ].sort()
      : [];
    const cargoIntegration = tests.some(
      (t) =>
        /(^|\/)tests\/[^/]+\.rs$/.test(t.path) &&
        files.some((f) => f.path === `${dirname(dirname(t.path)) ? `${dirname(dirname(t.path))}/` : ''}Cargo.toml`),
    );
    const integration =
      helmIntegration ||
      cargoIntegration ||
      tests.some((t) => INTEGRATION_PATH.test(t.path)) ||
      ciCommands.some((c) => /\bct (install|lint-and-install)\b/.test(c));
    const e2eRequired = options.requireE2e === 'auto' ? E2E_KINDS.has(kind) : options.requireE2e;

    const ratio = source.length ? testFiles.length / source.length : 0;
    const critical = blueprint.criticalPaths.map((glob) => ({ glob, ...criticalPathCoverage(glob, source, testFiles) }));
    const uncovered = critical.filter((c) => c.files > 0 && !c.covered).map((c) => c.glob);
    const metrics = {
      testFiles: testFiles.length,
      sourceFiles: source.length,
      ratio: round(ratio, 3),
      inlineTestFiles: inline.length,
      e2e,
      e2eTools,
      e2eRequired,
      integration,
      ciTestCommands: ciCommands,
      criticalPaths: critical.length,
      criticalPathsUncovered: uncovered,
    };
    if (!source.length && !testFiles.length) return { score: null, metrics, findings: [], reason: 'No source code to test.' };

    const findings: Finding[] = [];
    const terraform = source.filter((f) => /\.(tf|tofu)$/.test(f.path)).length * 2 > source.length;
    if (!testFiles.length) findings.push(say.error(terraform ? 'no-terraform-tests' : 'no-tests', { source: source.length }));
    else if (ratio < options.minRatio)
      findings.push(
        say.warning('few-tests', { tests: testFiles.length, source: source.length, ratio: round(ratio, 2), minRatio: options.minRatio }),
      );
    if (e2eRequired && !e2e) findings.push(say.warning('no-e2e'));
    for (const c of critical) {
      if (!c.files) findings.push(say.info('critical-path-unmatched', { glob: c.glob }));
      else if (!c.covered) findings.push(say.error('critical-path-untested', { glob: c.glob, files: c.files }));
    }
    const parts = [{ points: 5 * Math.min(1, ratio / options.minRatio), outOf: 5 }];
    if (e2eRequired) parts.push({ points: e2e ? 2 : integration ? 1 : 0, outOf: 2 });
    const counted = critical.filter((c) => c.files > 0);
    if (counted.length) parts.push({ points: (3 * (counted.length - uncovered.length)) / counted.length, outOf: 3 });
    return { score: round(pointsScore(parts), 2), metrics, findings };
  },
});
