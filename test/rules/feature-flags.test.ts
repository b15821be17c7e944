import { describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

/** A Procfile makes the fixture a service: the practice applies to services only. */
const SERVICE = { Procfile: 'web: node server.js\n' };

async function flags(files: Record<string, string>, config?: string, base: Record<string, string> = SERVICE) {
  const all = { 'README.md': '# x\n', ...base, ...files, ...(config ? { 'blueprint.yml': config } : {}) };
  return runRule(findRule('feature-flags')!, { commits: [{ date: '2026-06-01T00:00:00Z', files: all }] }, { now });
}

const FLIPT =
  'version: "1.2"\nnamespace: default\nflags:\n  - key: new-checkout\n    name: New checkout\n    type: BOOLEAN_FLAG_TYPE\n    enabled: false\n';
const FLAGD =
  '{"$schema":"https://flagd.dev/schema/v0/flags.json","flags":{"new-checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}}}';
const UNLEASH = '{"version":1,"features":[{"name":"new-checkout","enabled":false,"strategies":[{"name":"default"}]}]}';

describe('feature-flags', () => {
  it.each<[string, Record<string, string>, string]>([
    ['npm', { 'package.json': '{"dependencies":{"@launchdarkly/node-server-sdk":"^9"}}' }, 'launchdarkly'],
    ['PyPI', { 'requirements.txt': 'flask==3.0\nUnleashClient==5.11\n' }, 'unleash'],
    ['pyproject', { 'pyproject.toml': '[project]\ndependencies = ["openfeature-sdk>=0.7"]\n' }, 'openfeature'],
    ['Go', { 'go.mod': 'module x\n\nrequire github.com/Flagsmith/flagsmith-go-client/v2 v2.3.0\n' }, 'flagsmith'],
    ['RubyGems', { Gemfile: "source 'https://rubygems.org'\ngem 'flipper-active_record'\n" }, 'flipper'],
    ['Maven', { 'pom.xml': '<dependency><groupId>org.togglz</groupId><artifactId>togglz-core</artifactId></dependency>' }, 'togglz'],
    ['Gradle', { 'build.gradle.kts': 'implementation("org.ff4j:ff4j-core:2.1")\n' }, 'ff4j'],
    ['Cargo', { 'Cargo.toml': '[dependencies]\nconfigcat = "0.1"\n' }, 'configcat'],
    ['Packagist', { 'composer.json': '{"require":{"growthbook/growthbook":"^1.5"}}' }, 'growthbook'],
    ['NuGet', { 'api/Api.csproj': '<PackageReference Include="Splitio" Version="7.0.0" />' }, 'split'],
    ['django', { 'requirements/base.txt': 'django-waffle==4.1\n' }, 'django-waffle'],
    ['Go feature gates', { 'go.mod': 'module x\n\nrequire go.opentelemetry.io/collector/featuregate v1.63.0\n' }, 'featuregate'],
    ['flagd file', { 'deploy/flags.flagd.json': FLAGD }, 'flagd'],
    ['Flipt file', { 'flipt/features.yml': FLIPT }, 'flipt'],
    ['Unleash export', { 'config/unleash-export.json': UNLEASH }, 'unleash'],
  ])('finds %s', async (_name, files, provider) => {
    const rule = await flags(files);
    expect(rule.metrics.providers).toEqual([provider]);
    expect(rule).toMatchObject({ score: 10, status: 'pass' });
  });

  it('no flag library is a warning by default; words in docs and vendored manifests do not count', async () => {
    const rule = await flags({
      'package.json': '{"dependencies":{"express":"^4"}}',
      'docs/flags.md': 'We plan to use LaunchDarkly and Unleash.\n',
      'node_modules/x/package.json': '{"dependencies":{"unleash-client":"^5"}}',
    });
    expect(rule).toMatchObject({ score: 0, status: 'warn', metrics: { providers: [], manifests: 1 } });
    expect(rule.findings[0]!.message).toBe(
      'No feature-flag library, flag configuration or flag mechanism of its own found (1 dependency manifest read).',
    );
  });

  it('recognises in-house libraries named in the options', async () => {
    const rule = await flags(
      { 'package.json': '{"dependencies":{"@acme/toggles":"^2"}}' },
      'rules:\n  feature-flags:\n    options: { providers: ["@acme/toggles"] }\n',
    );
    expect(rule.metrics).toMatchObject({ providers: ['@acme/toggles'], evidence: { '@acme/toggles': ['package.json'] } });
  });

  describe('applies to services only', () => {
    it.each<[string, Record<string, string>, string]>([
      ['a library', { 'package.json': '{"name":"lib","main":"index.js"}', 'index.js': 'module.exports = 1;\n' }, 'library'],
      [
        'a Rust library with Cargo features',
        { 'Cargo.toml': '[package]\nname = "log"\n\n[features]\nkv_unstable = []\n', 'src/lib.rs': 'pub fn f() {}\n' },
        'library',
      ],
      ['a command-line program', { 'Cargo.toml': '[package]\nname = "rg"\n', 'src/main.rs': 'fn main() {}\n' }, 'cli'],
      ['a book', { 'book.toml': '[book]\n', 'src/a.md': '# a\n', 'src/b.md': '# b\n', 'src/c.md': '# c\n' }, 'docs'],
      [
        'a Terraform module',
        { 'main.tf': 'variable "enable_nat" {}\n', 'variables.tf': 'variable "a" {}\n', 'outputs.tf': 'output "a" { value = 1 }\n' },
        'infrastructure',
      ],
    ])('skips %s, saying why', async (_name, files, kind) => {
      const rule = await flags(files, undefined, {});
      expect(rule.status).toBe('skip');
      expect(rule.reason).toMatch(new RegExp(`does not apply to an? ${kind} project.*it applies to service`));
    });

    it('runs when blueprint.yml says the project is a service', async () => {
      const rule = await flags(
        { 'package.json': '{"name":"lib","main":"index.js","dependencies":{"unleash-client":"^5"}}' },
        'kind: service\n',
        {},
      );
      expect(rule).toMatchObject({ status: 'pass', metrics: { providers: ['unleash'] } });
    });
  });

  describe('flag configuration is read for what it is, never by name alone', () => {
    it('an issue form called Features.yml is not Flipt configuration', async () => {
      const rule = await flags({
        '.github/ISSUE_TEMPLATE/Features.yml':
          'name: Feature request\ndescription: Suggest an idea\nbody:\n  - type: textarea\n    attributes:\n      label: What\n',
      });
      expect(rule).toMatchObject({ status: 'warn', metrics: { providers: [] } });
    });

    it('a recording-rules test file called features.yml is not Flipt configuration', async () => {
      const rule = await flags({
        'cmd/tool/testdata/features.yml': 'groups:\n  - name: features\n    rules:\n      - record: x\n        expr: up\n',
      });
      expect(rule).toMatchObject({ status: 'warn', metrics: { providers: [] } });
    });

    it("real flag files under test data or examples are not the project's flags", async () => {
      const rule = await flags({ 'testdata/features.yml': FLIPT, 'examples/demo/flags.flagd.json': FLAGD });
      expect(rule).toMatchObject({ status: 'warn', metrics: { providers: [] } });
    });

    it('SDKs in example or test manifests, and indirect Go requirements, do not count', async () => {
      const rule = await flags({
        'examples/shop/package.json': '{"dependencies":{"@launchdarkly/node-server-sdk":"^9"}}',
        'go.mod': 'module x\n\nrequire (\n\tgithub.com/Unleash/unleash-client-go/v4 v4.1.0 // indirect\n)\n',
      });
      expect(rule).toMatchObject({ status: 'warn', metrics: { providers: [], manifests: 1 } });
    });
  });

  describe("a flag mechanism of the project's own", () => {
    const UTILS =
      'const DEFAULT_FLAGS = { COMPLEX_BINDINGS: false };\nexport const getFeatureFlag = (flag) => (JSON.parse(localStorage.getItem("flags") ?? "null") ?? DEFAULT_FLAGS)[flag];\n';

    it('counts when its own code defines a flag accessor and other code reads it', async () => {
      const rule = await flags({
        'package.json': '{"name":"app","private":true}',
        'packages/common/src/utils.ts': UTILS,
        'packages/app/src/App.tsx':
          'import { getFeatureFlag } from "../../common/src/utils";\nif (getFeatureFlag("COMPLEX_BINDINGS")) render();\n',
      });
      expect(rule).toMatchObject({
        score: 10,
        status: 'pass',
        metrics: { providers: ['in-house'], inHouse: [{ name: 'getFeatureFlag', definedIn: 'packages/common/src/utils.ts', usedIn: 1 }] },
      });
    });

    it('counts a command-line switch that enables features', async () => {
      const rule = await flags({
        'go.mod': 'module x\n',
        'cmd/server/main.go':
          'package main\n\nfunc main() {\n\ta.Flag("enable-feature", "Comma separated feature names to enable.").StringsVar(&cfg.features)\n}\n',
      });
      expect(rule).toMatchObject({
        status: 'pass',
        metrics: { providers: ['in-house'], inHouse: [{ name: '--enable-feature', definedIn: 'cmd/server/main.go' }] },
      });
    });

    it('does not count an accessor nobody else reads, one used only by tests, or environment switches', async () => {
      const rule = await flags({
        'package.json': '{"name":"app","private":true}',
        'src/utils.ts': UTILS,
        'src/utils.test.ts': 'import { getFeatureFlag } from "./utils";\ntest("x", () => getFeatureFlag("A"));\n',
        'src/config.ts':
          'export const disableLogin = process.env.DISABLE_LOGIN === "1";\nexport const cloudMode = !!process.env.CLOUD_MODE;\n',
        'src/login.ts': 'import { disableLogin } from "./config";\nif (!disableLogin) show();\n',
      });
      expect(rule).toMatchObject({ status: 'warn', metrics: { providers: [], inHouse: [] } });
    });
  });
});
