import { describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function rule(files: Record<string, string>, kind?: string, options?: string) {
  const blueprint = [kind ? `kind: ${kind}\n` : '', options ? `rules:\n  automated-tests:\n    options: ${options}\n` : ''].join('');
  const all = blueprint ? { ...files, 'blueprint.yml': blueprint } : files;
  return runRule(findRule('automated-tests')!, { commits: [{ date: '2026-11-20T00:00:00Z', files: all }] }, { now });
}

const code = (paths: string[], content = '1\n') => Object.fromEntries(paths.map((p) => [p, content]));
const E2E_WARNING = 'No end-to-end suite (Playwright, Cypress, WebdriverIO, or an e2e/ folder) for the critical user journeys.';

describe('automated-tests: test suites of every ecosystem', () => {
  it('a t/ shell suite and C unit tests are tests; a test framework copied in with its own licence and CI is not', async () => {
    const r = await rule(
      {
        ...code([
          'git.c',
          'builtin/add.c',
          'builtin/commit.c',
          't/t0001-init.sh',
          't/t3700-add.sh',
          't/test-lib.sh',
          't/unit-tests/t-ctype.c',
        ]),
        ...code([
          't/unit-tests/clar/clar.c',
          't/unit-tests/clar/test/main.c',
          't/unit-tests/clar/COPYING',
          't/unit-tests/clar/.github/workflows/ci.yml',
        ]),
      },
      'cli',
    );
    expect(r.metrics).toMatchObject({ testFiles: 4, sourceFiles: 3, e2e: true });
    expect(r.status).toBe('pass');
  });

  it('Rust unit tests inline in #[cfg(test)] modules and tests.rs files count, and tests/ is the integration suite', async () => {
    const inline = 'pub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn f() {}\n}\n';
    const r = await rule(
      {
        'Cargo.toml': '[package]\nname = "log"\n',
        'src/lib.rs': inline,
        'src/kv/mod.rs': 'mod value;\n#[cfg(test)]\nmod tests;\n',
        'src/kv/value.rs': inline,
        'src/kv/tests.rs': '#[test]\nfn a() {}\n',
        'tests/macros.rs': '#[test]\nfn m() {}\n',
      },
      'library',
    );
    expect(r.metrics).toMatchObject({ testFiles: 4, sourceFiles: 3, inlineTestFiles: 2, integration: true });
    expect(r).toMatchObject({ status: 'pass', score: 10 });
  });

  it('Helm charts: helm-unittest suites, chart-testing values and test hooks are tests, the templates are the source', async () => {
    const r = await rule(
      {
        'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
        'charts/app/values.yaml': 'replicas: 1\n',
        'charts/app/templates/deployment.yaml': 'kind: Deployment\n',
        'charts/app/templates/service.yaml': 'kind: Service\n',
        'charts/app/templates/_helpers.tpl': '{{- define "app.name" -}}app{{- end }}\n',
        'charts/app/templates/rules/alerts.yaml':
          "{{- /*\nGenerated from 'alertmanager.rules' group\nDo not change in-place!\n*/ -}}\nkind: PrometheusRule\n",
        'charts/app/templates/tests/test-connection.yaml': 'kind: Pod\n',
        'charts/app/unittests/deployment_test.yaml': 'suite: deployment\n',
        'charts/app/ci/default-values.yaml': 'replicas: 2\n',
      },
      'infrastructure',
    );
    expect(r.metrics).toMatchObject({ testFiles: 3, sourceFiles: 3, integration: true, e2eRequired: false });
    expect(r.findings).toEqual([]);
  });

  it('Kotlin Multiplatform and Gradle source sets (src/jvmTest, src/commonTest) and *IntegrationTests.java', async () => {
    const r = await rule(
      code([
        'okhttp/src/commonMain/kotlin/Url.kt',
        'okhttp/src/jvmMain/kotlin/Call.kt',
        'okhttp/src/jvmTest/kotlin/CallTest.kt',
        'okhttp/src/jvmTest/kotlin/TestHelpers.kt',
        'okhttp/src/commonTest/kotlin/UrlTest.kt',
        'petclinic/src/main/java/org/springframework/samples/petclinic/Owner.java',
        'petclinic/src/test/java/org/springframework/samples/petclinic/MySqlIntegrationTests.java',
      ]),
      'library',
    );
    expect(r.metrics).toMatchObject({ testFiles: 4, sourceFiles: 3, integration: true });
  });

  it('Cucumber features are end-to-end tests; a features/ folder of application code is not; CI test commands are reported', async () => {
    const r = await rule(
      {
        ...code([
          'lib/jekyll.rb',
          'lib/jekyll/site.rb',
          'test/test_site.rb',
          'features/create_sites.feature',
          'features/step_definitions.rb',
          'features/support/helpers.rb',
          'web/src/features/cart/Cart.tsx',
        ]),
        '.github/workflows/ci.yml':
          'jobs:\n  test:\n    steps:\n      - run: script/test\n      - run: bundle exec cucumber --format progress\n      - run: echo done\n',
      },
      'service',
    );
    expect(r.metrics).toMatchObject({
      testFiles: 4,
      sourceFiles: 3,
      e2e: true,
      e2eTools: ['cucumber'],
      ciTestCommands: ['bundle exec cucumber', 'script/test'],
    });
    expect(r.findings.map((f) => f.message)).not.toContain(E2E_WARNING);
  });

  it('conventions of other ecosystems: PHP, .NET, Elixir, Swift (UI tests are end-to-end), bats, Django, Erlang, Lua, Haskell', async () => {
    const r = await rule(
      code([
        'src/User.php',
        'tests/Unit/UserTest.php',
        'src/App/Program.cs',
        'src/App.Tests/ProgramTests.cs',
        'lib/app.ex',
        'test/app_test.exs',
        'Sources/App/App.swift',
        'AppUITests/LoginUITests.swift',
        'bin/tool.sh',
        'test/tool.bats',
        'shop/models.py',
        'shop/tests.py',
        'src/app_server.erl',
        'src/app_SUITE.erl',
        'src/parser.lua',
        'src/parser_spec.lua',
        'src/Lib.hs',
        'src/LibSpec.hs',
      ]),
      'service',
    );
    expect(r.metrics).toMatchObject({ testFiles: 9, sourceFiles: 8, e2e: true });
  });
});

describe('automated-tests: what is not source', () => {
  it('vendored test libraries, generated code and build output are neither tests nor source', async () => {
    const r = await rule(
      {
        ...code([
          'backbone.js',
          'backbone-min.js',
          'test/model.js',
          'test/vendor/qunit.js',
          'test/vendor/jquery.js',
          'modules/debug-info.js',
          'debug-info.js',
        ]),
        'package.json':
          '{"name":"backbone","main":"backbone.js","scripts":{"build-debug":"npx rollup -f umd -o debug-info.js modules/debug-info.js"}}',
        // A library copied into the source tree, marked for Linguist.
        '.gitattributes': 'src/jvm/asm/** linguist-vendored\n',
        'src/jvm/asm/ClassReader.java': 'class ClassReader {}\n',
        'src/gen/api.ts': '// Code generated by openapi-generator. DO NOT EDIT.\nexport const a = 1;\n',
      },
      'library',
    );
    expect(r.metrics).toMatchObject({ testFiles: 1, sourceFiles: 2 }); // backbone.js and modules/debug-info.js
  });

  it('apps that tests drive (playground/), book listings and stories are not source; a documentation folder with tested code is', async () => {
    const r = await rule(
      code([
        'packages/vite/src/node/server.ts',
        'packages/vite/src/node/build.ts',
        'packages/vite/src/node/__tests__/build.spec.ts',
        'playground/css/main.ts',
        'playground/css/vite.config.ts',
        'playground/alias/index.ts',
        'playground/css/__tests__/css.spec.ts',
        'vitest.config.e2e.ts',
        'listings/ch01-01/src/main.rs',
        'web/src/Button.stories.tsx',
        'dev-docs/src/theme/Root.tsx',
        'doc/man_docs.go',
        'doc/man_docs_test.go',
        'doc/md_docs.go',
      ]),
      'library',
    );
    expect(r.metrics).toMatchObject({ testFiles: 3, sourceFiles: 4, e2e: true, e2eTools: ['vitest'] });
  });

  it('Terraform module code with no tests fails, saying which tests would count', async () => {
    const module = code([
      'main.tf',
      'variables.tf',
      'outputs.tf',
      'modules/vpc-endpoints/main.tf',
      'examples/complete/main.tf',
      'wrappers/README.md',
    ]);
    const none = await rule(module, 'infrastructure');
    expect(none).toMatchObject({ status: 'fail', score: 0, metrics: { testFiles: 0, sourceFiles: 4 } });
    expect(none.findings.map((f) => f.message)).toEqual([
      'No test files among 4 source files (Terraform: terraform test *.tftest.hcl, Terratest test/*_test.go or kitchen-terraform would count).',
    ]);
    const tested = await rule({ ...module, ...code(['tests/defaults.tftest.hcl', 'test/vpc_test.go']) }, 'infrastructure');
    expect(tested.metrics).toMatchObject({ testFiles: 2, sourceFiles: 4 });
  });

  it("a service's own Terraform says where it runs: it is not source to test (the iac rule judges it)", async () => {
    const r = await rule(code(['src/shop.ts', 'src/shop.test.ts', 'e2e/buy.spec.ts', 'infra/main.tf', 'infra/budget.tf']), 'service');
    expect(r).toMatchObject({ score: 10, metrics: { testFiles: 2, sourceFiles: 1 } });
  });

  it('infrastructure tests written as data: tfvars inputs and YAML inventories of the expected plan', async () => {
    const r = await rule(
      code([
        'modules/net-vpc/main.tf',
        'modules/net-vpc/variables.tf',
        'modules/net-vpc/outputs.tf',
        'tests/modules/net_vpc/examples/basic.yaml',
        'tests/modules/net_vpc/simple.tfvars',
        'tests/modules/net_vpc/simple.yaml',
        'tests/modules/net_vpc/test_plan.py',
        'tests/examples_e2e/setup_module/main.tf',
        'tests/fixtures/key.json',
        'tests/modules/net_vpc/README.md',
      ]),
      'infrastructure',
    );
    expect(r.metrics).toMatchObject({ testFiles: 5, sourceFiles: 3, e2e: true });
  });

  it('a unit test about acceptance is not an end-to-end suite; an acceptance/ folder is', async () => {
    const unit = await rule(code(['lib/validations.rb', 'test/cases/acceptance_validation_test.rb']), 'service');
    expect(unit.metrics).toMatchObject({ e2e: false });
    const suite = await rule(code(['lib/validations.rb', 'acceptance/signup_test.go']), 'service');
    expect(suite.metrics).toMatchObject({ e2e: true });
  });
});

describe('automated-tests: an end-to-end suite by kind of project', () => {
  const tested = code(['lib/a.ts', 'lib/a.test.ts']);
  it('is expected of a service (and of a project of unknown kind), not of a library, a command, infrastructure or docs', async () => {
    for (const kind of ['library', 'cli', 'infrastructure', 'docs']) {
      const r = await rule(tested, kind);
      expect(r, kind).toMatchObject({ score: 10, findings: [], metrics: { e2eRequired: false } });
    }
    const service = await rule(tested, 'service');
    expect(service).toMatchObject({ score: 7.14, metrics: { e2eRequired: true } });
    expect(service.findings.map((f) => f.message)).toEqual([E2E_WARNING]);
  });

  it('requireE2e overrides the kind either way', async () => {
    expect(await rule(tested, 'library', '{ requireE2e: true }')).toMatchObject({ score: 7.14, metrics: { e2eRequired: true } });
    expect(await rule(tested, 'service', '{ requireE2e: false }')).toMatchObject({ score: 10, metrics: { e2eRequired: false } });
  });
});
