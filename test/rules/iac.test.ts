import { describe, expect, it } from 'vitest';
import { audit } from '../../src/index.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const NOW = new Date('2026-11-24T12:00:00Z');

async function iac(files: Record<string, string>, config?: string) {
  const all = { 'README.md': '# x\n', ...files, ...(config ? { 'blueprint.yml': config } : {}) };
  const report = await audit({ targets: [fx.build({ commits: [{ date: '2026-06-01T00:00:00Z', files: all }] })], now: NOW, rules: ['iac'] });
  return report.repos[0]!.rules[0]!;
}

const TOOLS: Array<[tool: string, files: Record<string, string>]> = [
  ['terraform', { 'infra/lb.tf': 'resource "aws_lb" "web" {}\n', 'infra/vars.tf.json': '{"variable": {}}\n' }],
  ['pulumi', { 'Pulumi.yaml': 'name: shop\nruntime: nodejs\n', 'Pulumi.prod.yaml': 'config: {}\n' }],
  ['cloudformation', { 'cfn/stack.yml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' }],
  ['cdk', { 'cdk.json': '{"app": "npx ts-node bin/app.ts"}\n' }],
  ['kubernetes', { 'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n' }],
  ['helm', { 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n', 'charts/web/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n' }],
  ['kustomize', { 'overlays/prod/kustomization.yaml': 'resources: [../../base]\n' }],
  ['ansible', { 'site.yml': '- hosts: web\n  become: true\n  tasks:\n    - name: nginx\n      apt: {name: nginx}\n', 'roles/db/tasks/main.yml': '- name: postgres\n  apt: {name: postgresql}\n' }],
  ['bicep', { 'main.bicep': "param location string = resourceGroup().location\n" }],
  ['arm', { 'azuredeploy.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n' }],
  ['serverless', { 'serverless.yml': 'service: api\nprovider:\n  name: aws\n' }],
  ['crossplane', { 'platform/xrd.yaml': 'apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\nmetadata:\n  name: xdatabases.acme.io\n' }],
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
    const rule = await iac({ 'infra/main.tf': '', 'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\n', 'cdk.json': '{}' });
    expect(rule.metrics).toMatchObject({ tools: ['cdk', 'kubernetes', 'terraform'], files: 3, paths: ['.', 'infra', 'k8s'], byTool: { terraform: 1, cdk: 1, kubernetes: 1 } });
  });

  it('committed Terraform state is an error finding and caps the score', async () => {
    const rule = await iac({ 'infra/main.tf': '', 'infra/terraform.tfstate': '{"version": 4}', 'infra/terraform.tfstate.backup': '{}' });
    expect(rule.metrics.stateFiles).toBe(2);
    expect(rule.score).toBe(2);
    expect(rule.status).toBe('fail');
    expect(rule.findings.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual(['infra/terraform.tfstate', 'infra/terraform.tfstate.backup']);
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
});
