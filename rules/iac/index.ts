import { z } from 'zod';
import { defineRule, type Finding, type TreeEntry } from '../../src/types.ts';
import { globMatcher } from '../../src/util/glob.ts';
import { basename, dirname, extname } from '../../src/util/paths.ts';
import { isRecord, parseYaml } from '../../src/util/yaml.ts';

export const IAC_TOOLS = [
  'terraform', 'pulumi', 'cloudformation', 'cdk', 'kubernetes', 'helm',
  'kustomize', 'ansible', 'bicep', 'arm', 'serverless', 'crossplane',
] as const;
export type IacTool = (typeof IAC_TOOLS)[number];

export const options = z.strictObject({
  ignore: z
    .array(z.string())
    .default(['**/node_modules/**', '**/vendor/**', '**/cdk.out/**'])
    .describe('Globs of paths that are not the repository\'s own infrastructure (vendored code, generated output).'),
});
export type IacOptions = z.infer<typeof options>;

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

/** Tools told by a file's name and location alone. */
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

function isAnsiblePlaybook(doc: unknown): boolean {
  if (!Array.isArray(doc) || !doc.length) return false;
  return doc.every(
    (play) => isRecord(play) && (('hosts' in play && ANSIBLE_PLAY_KEYS.some((k) => k in play)) || 'import_playbook' in play || 'ansible.builtin.import_playbook' in play),
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

export default defineRule<IacOptions>({
  meta: {
    id: 'iac',
    pillar: 'shield',
    description: 'Infrastructure is versioned as code (Terraform, Kubernetes, CloudFormation, …) and no Terraform state is committed.',
    risk: 'high',
    appliesTo: ['service', 'infrastructure'],
    needs: ['files'],
    options,
    remediation:
      'Codify one piece of infrastructure (a load balancer, a database, network rules) with an IaC tool, commit it and review changes through pull requests; keep Terraform state in a remote backend, never in git.',
    standard: () => 'All infrastructure is versioned as code, reviewed through pull requests, with state kept in a remote backend, never in git.',
    firstSteps: [
      'Codify one piece of infrastructure (a load balancer, a database, network rules) with Terraform, OpenTofu or Pulumi.',
      'Review every infrastructure change through a pull request, and stop changes through the web console.',
      'Move any committed state to a remote backend and remove it from the history.',
    ],
  },
  async evaluate({ repo, options }) {
    const ignored = globMatcher(options.ignore);
    const files = (await repo.files()).filter((e) => e.kind === 'file' && !ignored(e.path));
    const chartDirs = files.filter((e) => toolByName(e.path) === 'helm').map((e) => dirname(e.path));
    const inChart = (path: string) => chartDirs.some((d) => d === '' || path.startsWith(`${d}/`));

    const byTool = new Map<IacTool, string[]>();
    const stateFiles: string[] = [];
    const cacheFiles: string[] = [];
    const add = (tool: IacTool, path: string) => {
      const list = byTool.get(tool);
      if (list) list.push(path);
      else byTool.set(tool, [path]);
    };

    const classify = async (entry: TreeEntry) => {
      if (STATE_FILE.test(basename(entry.path))) return stateFiles.push(entry.path);
      if (TERRAFORM_CACHE.test(entry.path)) return cacheFiles.push(entry.path);
      const named = toolByName(entry.path);
      if (named) return add(named, entry.path);
      if (inChart(entry.path)) return add('helm', entry.path);
      if (!CONTENT_EXTENSIONS.has(extname(entry.path)) || LOCK_FILES.test(basename(entry.path))) return;
      if (entry.path.startsWith('.github/') || entry.path.startsWith('.tekton/')) return;
      const text = await repo.readText(entry.path);
      const tool = text === null ? null : toolByContent(entry.path, text);
      if (tool) add(tool, entry.path);
    };
    await Promise.all(files.map(classify));

    // The report contract lists ids sorted, not in detection order.
    const tools = IAC_TOOLS.filter((t) => byTool.has(t)).sort();
    const iacFiles = [...byTool.values()].flat().sort();
    const paths = [...new Set(iacFiles.map((p) => dirname(p) || '.'))].sort();
    const findings: Finding[] = [];
    for (const path of stateFiles.sort()) {
      findings.push({ severity: 'error', message: 'Terraform state is committed; it can hold secrets in plain text. Remove it from history and use a remote backend.', path, line: null });
    }
    if (cacheFiles.length) {
      findings.push({ severity: 'warning', message: `The .terraform/ folder is committed (${cacheFiles.length} files); add it to .gitignore.`, path: cacheFiles.sort()[0] ?? null, line: null });
    }
    let score = 0;
    if (!tools.length) {
      findings.unshift({ severity: 'error', message: 'No infrastructure as code found in the repository.', path: null, line: null });
    } else {
      score = 10;
    }
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
      },
      findings,
    };
  },
});
