import { z } from 'zod';
import { defineRule, type Finding } from '../../src/types.ts';
import { basename, extname } from '../../src/util/paths.ts';

/** Dependency manifests, by file name. */
const MANIFEST = /^(package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg|go\.mod|Gemfile|pom\.xml|build\.gradle(\.kts)?|Cargo\.toml|composer\.json|[^/]+\.csproj|Directory\.Packages\.props|mix\.exs|Package\.swift|pubspec\.yaml)$/;
/** Requirement files in a requirements/ folder (requirements/base.txt, requirements/prod.in). */
const REQUIREMENTS_FOLDER = /(^|\/)requirements\/[^/]+\.(txt|in)$/;
const VENDORED = /(^|\/)(node_modules|vendor|third[_-]party|\.yarn)\//;

/**
 * Each provider's SDK names across ecosystems (npm, PyPI, Go, RubyGems, Maven, crates.io,
 * Packagist, NuGet), matched as dependency names, never as words in prose.
 */
export const PROVIDERS: Record<string, RegExp> = {
  launchdarkly: /["'\s/:=@]((@launchdarkly\/[\w-]+)|launchdarkly[-_.\w]*|com\.launchdarkly|LaunchDarkly\.\w+)|github\.com\/launchdarkly\//i,
  unleash: /["'\s/:=]((@unleash\/[\w-]+)|unleash-(client|proxy-client|api-client)[-\w]*|UnleashClient|io\.getunleash|Unleash\.Client)|github\.com\/Unleash\/unleash-client-go|^\s*gem\s+["']unleash["']/im,
  openfeature: /["'\s/:=]((@openfeature\/[\w-]+)|openfeature[-_]sdk|open-feature|dev\.openfeature|OpenFeature)\b|github\.com\/open-feature\//i,
  flagsmith: /["'\s/:=](flagsmith[-\w]*|com\.flagsmith|flagsmith\/flagsmith-php-client|Flagsmith)\b|github\.com\/Flagsmith\//i,
  growthbook: /["'\s/:=]((@growthbook\/[\w-]+)|growthbook[-\w]*)|github\.com\/growthbook\//i,
  configcat: /["'\s/:=](configcat[-\w]*|com\.configcat|ConfigCat\.Client)|github\.com\/configcat\//i,
  split: /["'\s/:=]((@splitsoftware\/[\w-]+)|splitio[-_\w]*|splitclient-rb|io\.split\.client|split-sdk-php|Splitio)|github\.com\/splitio\//i,
  flipper: /^\s*gem\s+["']flipper[-\w]*["']/m,
  'django-waffle': /(^|["'\s])django-waffle\b/im,
  'django-flags': /(^|["'\s])django-flags\b/im,
  togglz: /org\.togglz/i,
  ff4j: /org\.ff4j/i,
  flagd: /["'\s/:=](@openfeature\/flagd-[\w-]+|openfeature-provider-flagd|dev\.openfeature\.contrib\.providers:flagd)/i,
  flipt: /["'\s/:=](@flipt-io\/[\w-]+|flipt[-_]client[-\w]*|io\.flipt)|go\.flipt\.io\//i,
  'vercel-flags': /["'\s](@vercel\/flags|flags\/next)\b/i,
  posthog: /["'\s/:=](posthog-node|posthog-js|posthog|com\.posthog)\b/i,
};

/** Flag definitions kept in the repository, by file name. */
const FLAG_FILES: Array<[provider: string, pattern: RegExp]> = [
  ['flagd', /(^|\/)[^/]*flagd[^/]*\.(json|ya?ml)$/i],
  ['flipt', /(^|\/)(features|[^/]+\.features)\.ya?ml$/i],
  ['unleash', /(^|\/)unleash[^/]*\.(json|ya?ml)$/i],
];

export const options = z.strictObject({
  providers: z.array(z.string()).default([]).describe('Names of in-house flag libraries to recognise as well (matched in dependency manifests).'),
});
export type FeatureFlagOptions = z.infer<typeof options>;

export default defineRule<FeatureFlagOptions>({
  meta: {
    id: 'feature-flags',
    pillar: 'speed',
    description: 'Risky features ship dark behind feature flags, so code merges daily and releases are a switch, not a deploy.',
    risk: 'medium',
    needs: ['files'],
    options,
    remediation:
      'Adopt a feature-flag library or service (OpenFeature with a provider such as flagd, Unleash or LaunchDarkly), put risky changes behind a flag, and remove flags once a feature is fully out.',
    standard: () => 'Risky features ship dark behind flags and roll out gradually; flags are removed once a feature is fully out.',
    firstSteps: [
      'Pick a flag library or service (OpenFeature with a provider, Unleash, LaunchDarkly) and add it to one service.',
      'Wrap the next risky feature in a flag, deploy it dark, and turn it on for internal users first.',
      'Roll it out in steps, then delete the flag; keep a list of live flags with owners and expiry dates.',
    ],
  },
  async evaluate({ repo, options }) {
    const files = (await repo.files()).filter((e) => e.kind === 'file' && !VENDORED.test(e.path));
    const found = new Map<string, string[]>();
    const note = (provider: string, path: string) => {
      const list = found.get(provider);
      if (list) list.push(path);
      else found.set(provider, [path]);
    };
    const custom = options.providers.map((name) => [name, new RegExp(`["'\\s/:=]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i')] as const);
    const manifests = files.filter((e) => MANIFEST.test(basename(e.path)) || REQUIREMENTS_FOLDER.test(e.path));
    for (const manifest of manifests) {
      const text = await repo.readText(manifest.path);
      if (text === null) continue;
      for (const [provider, pattern] of [...Object.entries(PROVIDERS), ...custom]) if (pattern.test(text)) note(provider, manifest.path);
    }
    for (const entry of files) {
      if (!['.json', '.yml', '.yaml'].includes(extname(entry.path))) continue;
      for (const [provider, pattern] of FLAG_FILES) if (pattern.test(entry.path)) note(provider, entry.path);
    }
    const providers = [...found.keys()].sort();
    const findings: Finding[] = providers.length
      ? []
      : [{ severity: 'warning', message: `No feature-flag library or flag configuration found in ${manifests.length} dependency manifest${manifests.length === 1 ? '' : 's'}.`, path: null, line: null }];
    return {
      score: providers.length ? 10 : 0,
      metrics: { providers, manifests: manifests.length, evidence: Object.fromEntries(providers.map((p) => [p, found.get(p)!.sort()])) },
      findings,
    };
  },
});
