import {
  basename,
  dirname,
  extname,
  findingsFrom,
  globMatcher,
  infrastructureTestData,
  isRecord,
  noun,
  parseYaml,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type TreeEntry } from '../../src/types.ts';

export const IAC_TOOLS = [
  'terraform',
  'pulumi',
  'cloudformation',
  'cdk',
  'kubernetes',
  'helm',
  'kustomize',
  'ansible',
  'bicep',
  'arm',
  'serverless',
  'crossplane',
] as const;
export type IacTool = (typeof IAC_TOOLS)[number];

export const options = z.strictObject({
  ignore: z
    .array(z.string())
    .default(['**/node_modules/**', '**/vendor/**', '**/cdk.out/**'])
    .describe("Globs of paths that are not the repository's own infrastructure (vendored code, generated output)."),
});
export type IacOptions = z.infer<typeof options>;

const MESSAGES = {
  'state-committed': 'Terraform state is committed; it can hold secrets in plain text. Remove it from history and use a remote backend.',
  'terraform-cache-committed': 'The .terraform/ folder is committed ({files} files); add it to .gitignore.',
  'platform-without-iac':
    'No infrastructure as code: {platforms} {configure} a hosting platform, but the projects, domains, databases and secrets behind {them} are not code here; declare them with Terraform, OpenTofu or Pulumi (both have providers for Vercel, Netlify, Firebase, Fly.io and Cloudflare).',
  'no-iac': 'No infrastructure as code found in the repository.',
  'iac-only-in-test-data':
    "No infrastructure as code found in the repository ({fixtureFiles} IaC {files} in test data, fixtures or examples, such as {example}, {are} not the project's own).",
} as const;
const say = findingsFrom(MESSAGES);

const STATE_FILE = /\.tfstate($|\.)/;
const TERRAFORM_CACHE = /(^|\/)\.terraform\//;
const LOCK_FILES = /^(package-lock|npm-shrinkwrap|composer|Pipfile)\.(json|lock)$|\.lock\.json$/;
/** apiVersion groups that look like Kubernetes objects but are not infrastructure. */
const NOT_INFRA_GROUPS = /(^|\.)(backstage\.io|tekton\.dev)$/;
const ARM_SCHEMA = /schema\.management\.azure\.com\/schemas\/[^"']*deployment(Template|Parameters)/i;
const CFN_VERSION = /^\s*["']?AWSTemplateFormatVersion["']?\s*:/m;
const CFN_RESOURCE = /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/;
const CFN_TRANSFORM = /["']?Transform["']?\s*:\s*\[?\s*["']?AWS::Serverless/;
const ANSIBLE_ROLE = /(^|\/)roles\/[^/]+\/(tasks|handlers|defaults|vars|meta)\/main\.ya?ml$/;
const ANSIBLE_PLAY_KEYS = ['tasks', 'roles', 'pre_tasks', 'post_tasks', 'handlers'];

/** Tools told by a file's name and location; names shared with other files are confirmed by content (`confirmedByContent`). */
function toolByName(path: string): IacTool | null {
  const name = basename(path);
  const ext = extname(path);
  if (ext === '.tf' || ext === '.tofu' || name.endsWith('.tf.json') || name === '.terraform.lock.hcl') return 'terraform';
  if (name === 'Chart.yaml' || name === 'Chart.yml') return 'helm';
  if (/^Pulumi(\.[^.]+)?\.ya?ml$/.test(name)) return 'pulumi';
  if (name === 'cdk.json') return 'cdk';
  if (/^(kustomization\.ya?ml|Kustomization)$/.test(name)) return 'kustomize';
  if (ext === '.bicep' || ext === '.bicepparam') return 'bicep';
  if (/^serverless\.(ya?ml|json|ts|js)$/.test(name)) return 'serverless';
  if (name === 'ansible.cfg' || ANSIBLE_ROLE.test(path)) return 'ansible';
  return null;
}

const KUSTOMIZE_KEYS = [
  'resources',
  'bases',
  'components',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'configMapGenerator',
  'secretGenerator',
  'images',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'commonAnnotations',
  'labels',
  'helmCharts',
  'generators',
  'transformers',
  'replicas',
  'crds',
  'openapi',
  'vars',
];

/** The file's first document as a mapping (YAML or JSON), or null. */
function mapping(text: string): Record<string, unknown> | null {
  const doc = parseYaml(text).docs[0];
  return isRecord(doc) ? doc : null;
}

/**
 * Whether a file named like a tool's holds what that tool reads: a Serverless Framework config has
 * `service` and `provider`, a Helm chart `name` and `version`, a Pulumi project `name` and
 * `runtime`, a CDK app's cdk.json `app`, a kustomization one of Kustomize's fields. A GCP org-policy
 * data file called `serverless.yaml` is none of these.
 */
function confirmedByContent(tool: IacTool, path: string, text: string): boolean {
  const name = basename(path);
  if (tool === 'serverless') {
    if (/\.(ts|js)$/.test(name)) return /\bservice\s*:/.test(text) && /\bprovider\s*:/.test(text);
    const doc = mapping(text);
    return !!doc && 'service' in doc && 'provider' in doc;
  }
  if (tool === 'helm') {
    const doc = mapping(text);
    return !!doc && typeof doc.name === 'string' && doc.version !== undefined;
  }
  if (tool === 'pulumi') {
    const doc = mapping(text);
    return !!doc && typeof doc.name === 'string' && doc.runtime !== undefined;
  }
  if (tool === 'cdk') {
    const doc = mapping(text);
    return !!doc && typeof doc.app === 'string';
  }
  if (tool === 'kustomize' && name !== 'Kustomization') {
    const doc = mapping(text);
    return !!doc && (doc.kind === 'Kustomization' || KUSTOMIZE_KEYS.some((k) => k in doc));
  }
  return true;
}

/** Pulumi stack settings (`Pulumi.<stack>.yaml`): counted when the repository has a Pulumi project. */
const PULUMI_STACK = /^Pulumi\.[^.]+\.ya?ml$/;
/** Tools whose file names are confirmed by content. */
const NAME_NEEDS_CONTENT = new Set<IacTool>(['serverless', 'helm', 'pulumi', 'cdk', 'kustomize']);

/**
 * Files that configure a hosting platform (how Vercel, Netlify, Firebase, Fly.io, Render,
 * Cloudflare, Heroku or App Engine build and serve the app): not infrastructure as code, since the
 * projects, domains, databases and secrets behind them are not declared there.
 */
const PLATFORM_FILES =
  /^(vercel\.json|now\.json|netlify\.toml|firebase\.json|fly\.toml|render\.ya?ml|wrangler\.(toml|json|jsonc)|railway\.(json|toml)|amplify\.ya?ml|apprunner\.ya?ml|\.platform\.app\.yaml|app\.ya?ml|app\.json)$/;

function isPlatformConfig(path: string, text: string): boolean {
  const name = basename(path);
  // app.yaml and app.json are common names; App Engine's has a runtime, Heroku's addons or a formation.
  if (/^app\.ya?ml$/.test(name)) return /^runtime\s*:/m.test(text);
  if (name === 'app.json') return /"(addons|formation|buildpacks|stack)"\s*:/.test(text);
  return true;
}

function isAnsiblePlaybook(doc: unknown): boolean {
  if (!Array.isArray(doc) || !doc.length) return false;
  return doc.every(
    (play) =>
      isRecord(play) &&
      (('hosts' in play && ANSIBLE_PLAY_KEYS.some((k) => k in play)) ||
        'import_playbook' in play ||
        'ansible.builtin.import_playbook' in play),
  );
}

/** Tools told by content: Kubernetes-style objects, CloudFormation, ARM, Ansible playbooks. */
function toolByContent(path: string, text: string): IacTool | null {
  const ext = extname(path);
  if (ext === '.json' && ARM_SCHEMA.test(text)) return 'arm';
  if (CFN_VERSION.test(text) || CFN_TRANSFORM.test(text) || (/^\s*["']?Resources["']?\s*:/m.test(text) && CFN_RESOURCE.test(text))) {
    return 'cloudformation';
  }
  if (ext === '.json') return null;
  const looksLikeObject = /^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text);
  const looksLikePlaybook = /^\s*-\s+(hosts|import_playbook|name)\s*:/m.test(text);
  if (!looksLikeObject && !looksLikePlaybook) return null;
  const parsed = parseYaml(text);
  for (const doc of parsed.docs) {
    if (isAnsiblePlaybook(doc)) return 'ansible';
    if (!isRecord(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') continue;
    const group = doc.apiVersion.includes('/') ? doc.apiVersion.slice(0, doc.apiVersion.indexOf('/')) : '';
    if (/(^|\.)crossplane\.io$/.test(group)) return 'crossplane';
    if (group.startsWith('kustomize.config.k8s.io')) return 'kustomize';
    if (NOT_INFRA_GROUPS.test(group)) continue;
    if (doc.apiVersion === 'v1' && doc.kind === 'Config') continue; // a kubeconfig, not a manifest
    return 'kubernetes';
  }
  return null;
}

const CONTENT_EXTENSIONS = new Set(['.yml', '.yaml', '.json', '.template']);

/** "a", "a and b", "a, b and 2 more". */
function listNames(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

/** The first IaC file (in path order) that lies in test data, fixtures or examples. */
async function firstFixture(
  paths: readonly string[],
  testData: (path: string) => boolean,
  toolOf: (path: string) => Promise<IacTool | null>,
): Promise<string> {
  for (const path of [...paths].filter(testData).sort()) if (await toolOf(path)) return path;
  return '';
}

export default defineRule<IacOptions>({
  meta: {
    id: 'iac',
    pillar: 'shield',
    description: 'Infrastructure is versioned as code (Terraform, Kubernetes, CloudFormation, …) and no Terraform state is committed.',
    risk: 'high',
    appliesTo: ['service', 'infrastructure'],
    needs: ['files'],
    options,
    messages: MESSAGES,
    remediation:
      'Codify one piece of infrastructure (a load balancer, a database, network rules) with an IaC tool, commit it and review changes through pull requests; keep Terraform state in a remote backend, never in git.',
    standard: () =>
      'All infrastructure is versioned as code, reviewed through pull requests, with state kept in a remote backend, never in git.',
    firstSteps: [
      'Codify one piece of infrastructure (a load balancer, a database, network rules) with Terraform, OpenTofu or Pulumi.',
      'Review every infrastructure change through a pull request, and stop changes through the web console.',
      'Move any committed state to a remote backend and remove it from the history.',
    ],
  },
  async evaluate({ repo, options }) {
    const ignored = globMatcher(options.ignore);
    const files = (await repo.files()).filter((e) => e.kind === 'file' && !ignored(e.path));
    const testData = infrastructureTestData(files.map((e) => e.path));
    const read = async (path: string) => (await repo.readText(path)) ?? '';
    const confirmed = async (path: string): Promise<IacTool | null> => {
      const tool = toolByName(path);
      if (!tool || !NAME_NEEDS_CONTENT.has(tool) || (tool === 'pulumi' && PULUMI_STACK.test(basename(path)))) return tool;
      return confirmedByContent(tool, path, await read(path)) ? tool : null;
    };
    const charts = await Promise.all(
      files.filter((e) => toolByName(e.path) === 'helm').map(async (e) => ((await confirmed(e.path)) ? dirname(e.path) : null)),
    );
    const chartDirs = charts.filter((d): d is string => d !== null);
    const inChart = (path: string) => chartDirs.some((d) => d === '' || path.startsWith(`${d}/`));
    const pulumiProjects = await Promise.all(files.filter((e) => /^Pulumi\.ya?ml$/.test(basename(e.path))).map((e) => confirmed(e.path)));
    const hasPulumiProject = pulumiProjects.some(Boolean);

    const byTool = new Map<IacTool, string[]>();
    const stateFiles: string[] = [];
    const cacheFiles: string[] = [];
    const platformConfigs: string[] = [];
    let fixtureFiles = 0;
    let fixtureStateFiles = 0;

    /** The tool a file belongs to, or null. */
    const toolOf = async (path: string): Promise<IacTool | null> => {
      const named = await confirmed(path);
      if (named === 'pulumi' && PULUMI_STACK.test(basename(path))) return hasPulumiProject ? 'pulumi' : null;
      if (named) return named;
      // A file named like a tool's but not holding what it reads is read for what it is.
      if (inChart(path)) return 'helm';
      if (!CONTENT_EXTENSIONS.has(extname(path)) || LOCK_FILES.test(basename(path))) return null;
      if (path.startsWith('.github/') || path.startsWith('.tekton/')) return null;
      const text = await repo.readText(path);
      return text === null ? null : toolByContent(path, text);
    };
    const classify = async (entry: TreeEntry) => {
      const path = entry.path;
      const own = !testData(path);
      if (STATE_FILE.test(basename(path))) return own ? stateFiles.push(path) : fixtureStateFiles++;
      if (TERRAFORM_CACHE.test(path)) return own ? cacheFiles.push(path) : null;
      if (own && PLATFORM_FILES.test(basename(path)) && !path.startsWith('.github/') && isPlatformConfig(path, await read(path)))
        platformConfigs.push(path);
      const tool = await toolOf(path);
      if (!tool) return null;
      if (!own) return fixtureFiles++;
      const list = byTool.get(tool);
      if (list) list.push(path);
      else byTool.set(tool, [path]);
      return null;
    };
    await Promise.all(files.map(classify));

    // The report contract lists ids sorted, not in detection order.
    const tools = IAC_TOOLS.filter((t) => byTool.has(t)).sort();
    const iacFiles = [...byTool.values()].flat().sort();
    const paths = [...new Set(iacFiles.map((p) => dirname(p) || '.'))].sort();
    platformConfigs.sort();
    const findings: Finding[] = [];
    for (const path of stateFiles.sort()) {
      findings.push(say.error('state-committed', {}, path));
    }
    if (cacheFiles.length) {
      findings.push(say.warning('terraform-cache-committed', { files: cacheFiles.length }, cacheFiles.sort()[0] ?? null));
    }
    let score = 0;
    if (tools.length) score = 10;
    else if (platformConfigs.length) {
      score = 3;
      const one = platformConfigs.length === 1;
      findings.unshift(
        say.error('platform-without-iac', {
          platforms: listNames(platformConfigs),
          configure: one ? 'configures' : 'configure',
          them: one ? 'it' : 'them',
        }),
      );
    } else if (fixtureFiles) {
      const example = await firstFixture(
        files.map((e) => e.path),
        testData,
        toolOf,
      );
      findings.unshift(
        say.error('iac-only-in-test-data', {
          fixtureFiles,
          files: noun(fixtureFiles, 'file'),
          example,
          are: fixtureFiles === 1 ? 'is' : 'are',
        }),
      );
    } else findings.unshift(say.error('no-iac'));
    if (cacheFiles.length) score = Math.max(0, score - 2);
    if (stateFiles.length) score = Math.min(score, 2);

    return {
      score,
      metrics: {
        tools,
        files: iacFiles.length,
        stateFiles: stateFiles.length,
        paths,
        byTool: Object.fromEntries(tools.map((t) => [t, byTool.get(t)!.length])),
        fixtureFiles,
        fixtureStateFiles,
        platformConfigs,
      },
      findings,
    };
  },
});
