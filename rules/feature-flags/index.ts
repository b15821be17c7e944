import { basename, extname, findingsFrom, isOutsideOwnCode, isRecord, noun, parseYaml, VENDORED, z } from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type RepoView, type TreeEntry } from '../../src/types.ts';

/** Dependency manifests, by file name. */
const MANIFEST =
  /^(package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg|go\.mod|Gemfile|pom\.xml|build\.gradle(\.kts)?|Cargo\.toml|composer\.json|[^/]+\.csproj|Directory\.Packages\.props|mix\.exs|Package\.swift|pubspec\.yaml)$/;
/** Requirement files in a requirements/ folder (requirements/base.txt, requirements/prod.in). */
const REQUIREMENTS_FOLDER = /(^|\/)requirements\/[^/]+\.(txt|in)$/;
/** CI, issue forms and editor settings: never where a project keeps its flags. */
const TOOLING = /^\.(github|gitlab|circleci|vscode|devcontainer|buildkite)\//;

/**
 * Each provider's SDK names across ecosystems (npm, PyPI, Go, RubyGems, Maven, crates.io,
 * Packagist, NuGet), matched as dependency names, never as words in prose.
 */
export const PROVIDERS: Record<string, RegExp> = {
  launchdarkly: /["'\s/:=@]((@launchdarkly\/[\w-]+)|launchdarkly[-_.\w]*|com\.launchdarkly|LaunchDarkly\.\w+)|github\.com\/launchdarkly\//i,
  unleash:
    /["'\s/:=]((@unleash\/[\w-]+)|unleash-(client|proxy-client|api-client)[-\w]*|UnleashClient|io\.getunleash|Unleash\.Client)|github\.com\/Unleash\/unleash-client-go|^\s*gem\s+["']unleash["']/im,
  openfeature:
    /["'\s/:=]((@openfeature\/[\w-]+)|openfeature[-_]sdk|open-feature|dev\.openfeature|OpenFeature)\b|github\.com\/open-feature\//i,
  flagsmith: /["'\s/:=](flagsmith[-\w]*|com\.flagsmith|flagsmith\/flagsmith-php-client|Flagsmith)\b|github\.com\/Flagsmith\//i,
  growthbook: /["'\s/:=]((@growthbook\/[\w-]+)|growthbook[-\w]*)|github\.com\/growthbook\//i,
  configcat: /["'\s/:=](configcat[-\w]*|com\.configcat|ConfigCat\.Client)|github\.com\/configcat\//i,
  split:
    /["'\s/:=]((@splitsoftware\/[\w-]+)|splitio[-_\w]*|splitclient-rb|io\.split\.client|split-sdk-php|Splitio)|github\.com\/splitio\//i,
  flipper: /^\s*gem\s+["']flipper[-\w]*["']/m,
  'django-waffle': /(^|["'\s])django-waffle\b/im,
  'django-flags': /(^|["'\s])django-flags\b/im,
  togglz: /org\.togglz/i,
  ff4j: /org\.ff4j/i,
  flagd: /["'\s/:=](@openfeature\/flagd-[\w-]+|openfeature-provider-flagd|dev\.openfeature\.contrib\.providers:flagd)/i,
  flipt: /["'\s/:=](@flipt-io\/[\w-]+|flipt[-_]client[-\w]*|io\.flipt)|go\.flipt\.io\//i,
  'go-feature-flag': /github\.com\/thomaspoignant\/go-feature-flag|["'\s/:=]@?go-feature-flag\b/i,
  featuregate: /go\.opentelemetry\.io\/collector\/featuregate\b/i,
  'vercel-flags': /["'\s](@vercel\/flags|flags\/next)\b/i,
  posthog: /["'\s/:=](posthog-node|posthog-js|posthog|com\.posthog)\b/i,
};

/** Files that may hold flag definitions: read only when the name hints at flags, then judged by content. */
const FLAG_FILE_CANDIDATE = /(flag|feature|toggle|unleash|flipt|goff)[^/]*\.(json|ya?ml)$/i;

/**
 * What a flag definition file of each provider holds, so that an issue form or a rules file that
 * happens to be called features.yml is not taken for one.
 */
function flagFileProvider(path: string, text: string): string | null {
  let docs: unknown[];
  if (extname(path) === '.json') {
    try {
      docs = [JSON.parse(text)];
    } catch {
      return null;
    }
  } else {
    const parsed = parseYaml(text);
    if (parsed.error) return null;
    docs = parsed.docs;
  }
  for (const doc of docs) {
    if (!isRecord(doc)) continue;
    const schema = typeof doc.$schema === 'string' ? doc.$schema : '';
    if (/flagd\.dev|flagd/i.test(schema)) return 'flagd';
    if (/open-feature|openfeature/i.test(schema) && isRecord(doc.flags)) return 'openfeature';
    // flagd: flags keyed by name, each with a state and its variants.
    if (isRecord(doc.flags) && Object.values(doc.flags).some((f) => isRecord(f) && 'state' in f && isRecord(f.variants))) return 'flagd';
    // Flipt's declarative format: a list of flags, each with a key and a flag type or on/off state.
    if (
      Array.isArray(doc.flags) &&
      doc.flags.some(
        (f) =>
          isRecord(f) &&
          typeof f.key === 'string' &&
          (/_FLAG_TYPE$/.test(String(f.type ?? '')) || typeof f.enabled === 'boolean' || Array.isArray(f.variants)),
      )
    )
      return 'flipt';
    // An Unleash export: features with a name and strategies, or an on/off state.
    if (
      Array.isArray(doc.features) &&
      doc.features.some(
        (f) =>
          isRecord(f) &&
          typeof f.name === 'string' &&
          (Array.isArray(f.strategies) || typeof f.enabled === 'boolean' || Array.isArray(f.environments)),
      )
    )
      return 'unleash';
    // GO Feature Flag: flags keyed by name, each with variations and a default rule.
    if (Object.values(doc).some((f) => isRecord(f) && isRecord(f.variations) && ('defaultRule' in f || 'targeting' in f)))
      return 'go-feature-flag';
  }
  return null;
}

/** Own source code that may define or read a flag mechanism. */
const CODE = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.vue',
  '.svelte',
  '.py',
  '.rb',
  '.go',
  '.java',
  '.kt',
  '.scala',
  '.cs',
  '.php',
  '.rs',
  '.ex',
  '.exs',
  '.swift',
  '.dart',
]);
const TEST_FILE = /(\.|_|-)(test|spec|tests|stories)\.[^/.]+$|(^|\/)test_[^/]+\.py$|(^|\/)(tests?|__tests__|spec)\//i;
/** Files over this size are generated or bundled code, not where a mechanism is written. */
const MAX_CODE_BYTES = 256 * 1024;
/** An identifier that names a flag accessor or registry: getFeatureFlag, isFeatureEnabled, FEATURE_FLAGS, feature_enabled?. */
const FLAG_IDENTIFIER =
  /\b((?:get|is|has|use|read|check|eval(?:uate)?)_?)?(feature_?(?:flag|toggle|gate|switch)(?:s|_?enabled|_?on)?|feature_?enabled|features?_?enabled|enabled_?features)\b[?!]?/gi;
/**
 * Where such an identifier is defined, in the languages read: a declaration (function, def, func,
 * class, const …), an assignment at the start of a line (FEATURE_FLAGS = {…}), a typed method
 * (boolean isFeatureEnabled(…)) or a method with its body (isFeatureEnabled(name) {). A call is not one.
 */
const MODIFIERS = '(?:(?:export|public|private|protected|internal|static|final|async|override|readonly)\\s+)*';
const DEFINITION = (name: string) =>
  new RegExp(
    [
      `\\b(?:function\\*?|def|func|fn|fun|class|enum|struct|interface|module|object|const|let|var|val|type)\\s+(?:\\([^)]*\\)\\s*)?(?:self\\.)?${name}\\b`,
      `^\\s*${MODIFIERS}(?:[\\w<>\\[\\],?]+\\s+)?${name}\\s*(?::[^=\\n]+)?=(?![=>])`,
      `^\\s*${MODIFIERS}(?:boolean|bool|Boolean|[A-Z][\\w<>\\[\\]]*)\\s+${name}\\s*\\(`,
      `^\\s*${MODIFIERS}${name}\\s*\\([^)]*\\)\\s*(?::\\s*[\\w<>\\[\\]|. ]+)?\\{`,
    ].join('|'),
    'm',
  );
/** A command-line switch that turns features on (prometheus's --enable-feature, Kubernetes' --feature-gates). */
const FEATURE_SWITCH = /["'`](?:--)?(enable-features?|feature-gates|feature-flags|experimental-features)["'`]/;

interface InHouse {
  name: string;
  definedIn: string;
  /** Other own source files that read it (0 for a command-line switch). */
  usedIn: number;
}

/**
 * A flag mechanism written by the project itself: an accessor or registry that its own code
 * defines and other own code reads, or a command-line switch that turns features on. Tests,
 * examples and vendored code are not the project's own; environment settings are configuration.
 */
async function findInHouse(repo: RepoView, files: readonly TreeEntry[]): Promise<InHouse[]> {
  const sources = files.filter(
    (e) => CODE.has(extname(e.path)) && !isOutsideOwnCode(e.path) && !TEST_FILE.test(e.path) && e.size <= MAX_CODE_BYTES,
  );
  const definedIn = new Map<string, string>();
  const readers = new Map<string, Set<string>>();
  const found: InHouse[] = [];
  for (const entry of sources) {
    const text = await repo.readText(entry.path);
    if (text === null) continue;
    const names = new Set([...text.matchAll(FLAG_IDENTIFIER)].map((m) => m[0].replace(/[?!]$/, '')));
    for (const name of names) {
      if (!definedIn.has(name) && DEFINITION(name).test(text)) definedIn.set(name, entry.path);
      else {
        const set = readers.get(name) ?? new Set<string>();
        set.add(entry.path);
        readers.set(name, set);
      }
    }
    const option = FEATURE_SWITCH.exec(text);
    if (option && !found.some((f) => f.name === `--${option[1]}`)) found.push({ name: `--${option[1]}`, definedIn: entry.path, usedIn: 0 });
  }
  for (const [name, path] of definedIn) {
    const used = [...(readers.get(name) ?? [])].filter((p) => p !== path);
    if (used.length) found.push({ name, definedIn: path, usedIn: used.length });
  }
  return found.sort((a, b) => (a.definedIn === b.definedIn ? (a.name < b.name ? -1 : 1) : a.definedIn < b.definedIn ? -1 : 1));
}

export const options = z.strictObject({
  providers: z
    .array(z.string())
    .default([])
    .describe('Names of in-house flag libraries to recognise as well (matched in dependency manifests).'),
});
export type FeatureFlagOptions = z.infer<typeof options>;

const MESSAGES = {
  'no-feature-flags':
    'No feature-flag library, flag configuration or flag mechanism of its own found ({manifests} dependency {noun} read).',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<FeatureFlagOptions>({
  meta: {
    id: 'feature-flags',
    pillar: 'speed',
    description: 'Risky features ship dark behind feature flags, so code merges daily and releases are a switch, not a deploy.',
    risk: 'medium',
    defaultSeverity: 'warn',
    needs: ['files'],
    // A team turns a flag on for its users only where it runs the software itself. Libraries,
    // command-line programs, modules and books ship versions that others install; they hold
    // unfinished work back with compile-time features and opt-in options, which is not this practice.
    appliesTo: ['service'],
    options,
    messages: MESSAGES,
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
    const own = files.filter((e) => !isOutsideOwnCode(e.path) && !TOOLING.test(e.path));
    const found = new Map<string, string[]>();
    const note = (provider: string, path: string) => {
      const list = found.get(provider);
      if (list) list.push(path);
      else found.set(provider, [path]);
    };
    const custom = options.providers.map(
      (name) => [name, new RegExp(`["'\\s/:=]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i')] as const,
    );
    const manifests = own.filter((e) => MANIFEST.test(basename(e.path)) || REQUIREMENTS_FOLDER.test(e.path));
    for (const manifest of manifests) {
      let text = await repo.readText(manifest.path);
      if (text === null) continue;
      // Go lists the requirements of its requirements as `// indirect`: the project does not call them.
      if (basename(manifest.path) === 'go.mod')
        text = text
          .split('\n')
          .filter((l) => !/\/\/\s*indirect\b/.test(l))
          .join('\n');
      for (const [provider, pattern] of [...Object.entries(PROVIDERS), ...custom]) if (pattern.test(text)) note(provider, manifest.path);
    }
    for (const entry of own) {
      if (!FLAG_FILE_CANDIDATE.test(basename(entry.path))) continue;
      const text = await repo.readText(entry.path);
      const provider = text === null ? null : flagFileProvider(entry.path, text);
      if (provider) note(provider, entry.path);
    }
    // Reading the code is the costly part, and only needed when no library or flag file is found.
    const inHouse = found.size ? [] : await findInHouse(repo, files);
    for (const mechanism of inHouse) note('in-house', mechanism.definedIn);
    const providers = [...found.keys()].sort();
    const findings: Finding[] = providers.length
      ? []
      : [say.warning('no-feature-flags', { manifests: manifests.length, noun: noun(manifests.length, 'manifest') })];
    return {
      score: providers.length ? 10 : 0,
      metrics: {
        providers,
        manifests: manifests.length,
        evidence: Object.fromEntries(providers.map((p) => [p, [...new Set(found.get(p)!)].sort()])),
        inHouse,
      },
      findings,
    };
  },
});
