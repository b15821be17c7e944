import { describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

async function iac(files: Record<string, string>, config?: string) {
  const all = { 'README.md': '# x\n', ...files, ...(config ? { 'blueprint.yml': config } : {}) };
  return runRule(findRule('iac')!, { commits: [{ date: '2026-06-01T00:00:00Z', files: all }] }, { now: NOW });
}

const TOOLS: Array<[tool: string, files: Record<string, string>]> = [
  ['terraform', { 'infra/lb.tf': 'resource "aws_lb" "web" {}\n', 'infra/vars.tf.json': '{"variable": {}}\n' }],
  ['pulumi', { 'Pulumi.yaml': 'name: shop\nruntime: nodejs\n', 'Pulumi.prod.yaml': 'config: {}\n' }],
  ['cloudformation', { 'cfn/stack.yml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' }],
  ['cdk', { 'cdk.json': '{"app": "npx ts-node bin/app.ts"}\n' }],
  [
    'kubernetes',
    {
      'k8s/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
    },
  ],
  [
    'helm',
    {
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'charts/web/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    },
  ],
  ['kustomize', { 'overlays/prod/kustomization.yaml': 'resources: [../../base]\n' }],
  [
    'ansible',
    {
      'site.yml': '- hosts: web\n  become: true\n  tasks:\n    - name: nginx\n      apt: {name: nginx}\n',
      'roles/db/tasks/main.yml': '- name: postgres\n  apt: {name: postgresql}\n',
    },
  ],
  ['bicep', { 'main.bicep': 'param location string = resourceGroup().location\n' }],
  [
    'arm',
    {
      'azuredeploy.json':
        '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n',
    },
  ],
  ['serverless', { 'serverless.yml': 'service: api\nprovider:\n  name: aws\n' }],
  [
    'crossplane',
    {
      'platform/xrd.yaml':
        'apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\nmetadata:\n  name: xdatabases.acme.io\n',
    },
  ],
];

describe('iac', () => {
  it.each(TOOLS)('finds %s', async (tool, files) => {
    const rule = await iac(files);
    expect(rule.metrics.tools).toEqual([tool]);
    expect(rule.metrics.files).toBe(Object.keys(files).length);
    expect(rule.metrics.stateFiles).toBe(0);
    expect(rule).toMatchObject({ score: 10, status: 'pass' });
  });

  it('lists sorted tools, the IaC folders and counts per tool', async () => {
    const rule = await iac({
      'infra/main.tf': '',
      'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\n',
      'cdk.json': '{"app": "node bin/app.js"}',
    });
    expect(rule.metrics).toMatchObject({
      tools: ['cdk', 'kubernetes', 'terraform'],
      files: 3,
      paths: ['.', 'infra', 'k8s'],
      byTool: { terraform: 1, cdk: 1, kubernetes: 1 },
    });
  });

  it('committed Terraform state is an error finding and caps the score', async () => {
    const rule = await iac({ 'infra/main.tf': '', 'infra/terraform.tfstate': '{"version": 4}', 'infra/terraform.tfstate.backup': '{}' });
    expect(rule.metrics.stateFiles).toBe(2);
    expect(rule.score).toBe(2);
    expect(rule.status).toBe('fail');
    expect(rule.findings.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual([
      'infra/terraform.tfstate',
      'infra/terraform.tfstate.backup',
    ]);
  });

  it('no IaC scores 0', async () => {
    const rule = await iac({ 'src/app.py': 'print(1)\n', 'docs/infra.md': 'We use Terraform and AWS::S3::Bucket.\n' });
    expect(rule).toMatchObject({ score: 0, status: 'fail', metrics: { tools: [], files: 0 } });
  });

  it('is not fooled by look-alikes: Backstage entities, kubeconfigs, CI files, docs', async () => {
    const rule = await iac({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
      'kubeconfig.yaml': 'apiVersion: v1\nkind: Config\n',
      '.github/workflows/k.yml': 'apiVersion: v1\nkind: Pod\n',
      'docker-compose.yml': 'services:\n  web: {image: nginx}\n',
      'notes.md': 'apiVersion: v1\nkind: Pod\n',
    });
    expect(rule.metrics.tools).toEqual([]);
  });

  it('honours ignore globs', async () => {
    const rule = await iac({ 'test/fixtures/main.tf': '' }, 'rules:\n  iac:\n    options:\n      ignore: ["test/**"]\n');
    expect(rule.metrics.tools).toEqual([]);
  });

  it('a committed .terraform/ folder is a warning', async () => {
    const rule = await iac({ 'main.tf': '', '.terraform/providers/x': 'bin' });
    expect(rule.score).toBe(8);
    expect(rule.findings[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/\.terraform\/ folder is committed/) });
  });

  it("test data, fixtures and examples are reported apart: never the project's state or infrastructure", async () => {
    const rule = await iac({
      'infra/main.tf': 'resource "aws_lb" "web" {}\n',
      'internal/command/testdata/apply/terraform.tfstate': '{"version": 4, "lineage": "x"}',
      'internal/command/testdata/apply/main.tf': 'resource "test_instance" "foo" {}\n',
      'examples/complete/main.tf': 'module "vpc" { source = "../../" }\n',
      'examples/complete/terraform.tfstate.backup': '{}',
      'examples/complete/.terraform/modules/modules.json': '{}',
      'test/fixtures/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n',
    });
    expect(rule).toMatchObject({ score: 10, status: 'pass', findings: [] });
    expect(rule.metrics).toMatchObject({
      tools: ['terraform'],
      files: 1,
      stateFiles: 0,
      paths: ['infra'],
      fixtureFiles: 3,
      fixtureStateFiles: 2,
    });
  });

  it("an environment folder named test is the project's own, state and all", async () => {
    const rule = await iac({
      'envs/test/main.tf': 'resource "aws_lb" "web" {}\n',
      'envs/prod/main.tf': 'resource "aws_lb" "web" {}\n',
      'envs/test/terraform.tfstate': '{}',
    });
    expect(rule.metrics).toMatchObject({ files: 2, stateFiles: 1, fixtureFiles: 0 });
    expect(rule).toMatchObject({ score: 2, status: 'fail' });
  });

  it("IaC in examples alone is no IaC of the project's, and the finding says where it is", async () => {
    const rule = await iac({ 'src/app.py': 'print(1)\n', 'examples/k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\n' });
    expect(rule).toMatchObject({ score: 0, status: 'fail', metrics: { tools: [], files: 0, fixtureFiles: 1 } });
    expect(rule.findings[0]!.message).toMatch(/examples\/k8s\/deploy\.yaml.*not the project's own/);
  });

  it("a file named like a tool's counts only when it holds what that tool reads", async () => {
    const rule = await iac({
      'org-policies/serverless.yaml': 'run.allowedIngress:\n  rules:\n    - allow:\n        values: [is:internal]\n',
      'charts/data/Chart.yaml': 'type: bar\nseries: [1, 2]\n',
      'bench/cdk.json': '{"molecules": []}\n',
      'lib/Pulumi.yaml': 'title: not a project\n',
      'docs-src/kustomization.yaml': 'title: a page\n',
      'api/serverless.ts': 'export default { title: "x" };\n',
    });
    expect(rule.metrics).toMatchObject({ tools: [], files: 0 });
    const real = await iac({
      'api/serverless.ts':
        'const serverlessConfiguration = { service: "api", provider: { name: "aws", runtime: "nodejs20.x" } };\nexport default serverlessConfiguration;\n',
      'fn/serverless.json': '{"service": "fn", "provider": {"name": "aws"}}\n',
      'charts/v1/Chart.yaml': 'name: legacy\nversion: 0.1.0\n',
    });
    expect(real.metrics).toMatchObject({ tools: ['helm', 'serverless'], byTool: { helm: 1, serverless: 2 } });
  });

  it('platform configuration (Vercel, Firebase) is not infrastructure as code: named, partly credited, still a failure', async () => {
    const rule = await iac({
      'vercel.json': '{"headers": [{"source": "/(.*)", "headers": []}]}\n',
      'firebase-project/firebase.json': '{"firestore": {"rules": "firestore.rules", "indexes": "firestore.indexes.json"}}\n',
      'firebase-project/firestore.rules': "rules_version = '2';\n",
      'src/app.ts': 'export {};\n',
    });
    expect(rule).toMatchObject({
      score: 3,
      status: 'fail',
      metrics: { tools: [], files: 0, platformConfigs: ['firebase-project/firebase.json', 'vercel.json'] },
    });
    expect(rule.findings).toEqual([
      {
        severity: 'error',
        message: expect.stringMatching(
          /^No infrastructure as code: firebase-project\/firebase\.json and vercel\.json configure a hosting platform/,
        ),
        path: null,
        line: null,
        code: 'platform-without-iac',
        data: { platforms: 'firebase-project/firebase.json and vercel.json', configure: 'configure', them: 'them' },
      },
    ]);
  });
});
