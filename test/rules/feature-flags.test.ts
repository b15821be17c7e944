import { describe, expect, it } from 'vitest';
import { audit } from '../../src/index.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const now = new Date('2026-11-24T12:00:00Z');

async function flags(files: Record<string, string>, config?: string) {
  const all = { 'README.md': '# x\n', ...files, ...(config ? { 'blueprint.yml': config } : {}) };
  const report = await audit({ targets: [fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: all }] })], now, rules: ['feature-flags'] });
  return report.repos[0]!.rules[0]!;
}

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
    ['flagd file', { 'deploy/flags.flagd.json': '{"flags":{}}' }, 'flagd'],
  ])('finds %s', async (_name, files, provider) => {
    const rule = await flags(files);
    expect(rule.metrics.providers).toEqual([provider]);
    expect(rule).toMatchObject({ score: 10, status: 'pass' });
  });

  it('no flag library is a warning by default; words in docs and vendored manifests do not count', async () => {
    const rule = await flags({ 'package.json': '{"dependencies":{"express":"^4"}}', 'docs/flags.md': 'We plan to use LaunchDarkly and Unleash.\n', 'node_modules/x/package.json': '{"dependencies":{"unleash-client":"^5"}}' });
    expect(rule).toMatchObject({ score: 0, status: 'warn', metrics: { providers: [], manifests: 1 } });
    expect(rule.findings[0]!.message).toBe('No feature-flag library or flag configuration found in 1 dependency manifest.');
  });

  it('recognises in-house libraries named in the options', async () => {
    const rule = await flags({ 'package.json': '{"dependencies":{"@acme/toggles":"^2"}}' }, 'rules:\n  feature-flags:\n    options: { providers: ["@acme/toggles"] }\n');
    expect(rule.metrics).toMatchObject({ providers: ['@acme/toggles'], evidence: { '@acme/toggles': ['package.json'] } });
  });
});
