import { describe, expect, it } from 'vitest';
import { BUDGET, TERRAFORM } from '../../fixtures/repos.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function rule(files: Record<string, string>, config?: string) {
  if (config) files = { ...files, 'blueprint.yml': config };
  return runRule(findRule('cost-alerts')!, { commits: [{ date: '2026-11-20T00:00:00Z', files }] }, { now });
}

const GOOGLE = `resource "google_billing_budget" "budget" {
  billing_account = "000000-000000-000000"
  amount { specified_amount { units = "2000" } }
  threshold_rules { threshold_percent = 0.5 }
  threshold_rules {
    threshold_percent = 0.9
    spend_basis       = "FORECASTED_SPEND"
  }
}
`;

const AZURE = `resource "azurerm_consumption_budget_subscription" "main" {
  name            = "monthly" # { braces in a comment }
  amount          = 1000
  time_grain      = "Monthly"
  notification {
    enabled   = true
    threshold = 75.0
    operator  = "GreaterThan"
    contact_emails = ["ops@example.com"]
  }
}
`;

const CLOUDFORMATION = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Monthly:
    Type: AWS::Budgets::Budget
    Properties:
      Budget: { BudgetLimit: { Amount: 100, Unit: USD }, TimeUnit: MONTHLY, BudgetType: COST }
      NotificationsWithSubscribers:
        - Notification: { NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 90 }
          Subscribers: [{ SubscriptionType: EMAIL, Address: cto@example.com }]
        - Notification: { NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 500, ThresholdType: ABSOLUTE_VALUE }
          Subscribers: [{ SubscriptionType: EMAIL, Address: cto@example.com }]
`;

describe('cost-alerts', () => {
  it('an AWS budget alerting at 50, 75 and 90% (a dynamic block) scores 10', async () => {
    const r = await rule({ 'infra/budget.tf': BUDGET });
    expect(r).toMatchObject({
      score: 10,
      status: 'pass',
      findings: [],
      metrics: { budgets: 1, thresholdsCovered: [50, 75, 90], thresholdsMissing: [], cloudIac: true },
    });
  });

  it('Google fractions, Azure and CloudFormation thresholds add up across budgets', async () => {
    const google = await rule({ 'billing.tf': GOOGLE });
    expect(google.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [50, 90], thresholdsMissing: [75] });
    expect(google.findings[0]).toEqual({
      severity: 'warning',
      message: 'No budget alerts at 75% of expected spend.',
      path: 'billing.tf',
      line: 1,
      code: 'thresholds-missing',
      data: { missing: '75' },
    });
    expect(google.score).toBe(6.67);
    const all = await rule({ 'billing.tf': GOOGLE, 'azure/budget.tf': AZURE });
    expect(all).toMatchObject({ score: 10, metrics: { budgets: 2 } });
    const cfn = await rule({ 'template.yaml': CLOUDFORMATION });
    expect(cfn.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [90], cloudIac: true });
  });

  it('cloud infrastructure without a budget scores 0; Infracost alone 2; no cloud code is skipped', async () => {
    const none = await rule({ 'main.tf': `provider "aws" {}\n${TERRAFORM}` });
    expect(none).toMatchObject({ score: 0, status: 'fail', metrics: { budgets: 0, cloudIac: true } });
    expect(none.findings[0]!.message).toMatch(
      /^The cloud infrastructure is code, but no budget is; declare one with alerts at 50%, 75%, 90%\.$/,
    );
    expect(await rule({ 'main.tf': `provider "aws" {}\n`, 'infracost.yml': 'version: 0.1\n' })).toMatchObject({
      score: 2,
      metrics: { infracost: true },
    });
    const skipped = await rule({ 'src/a.js': '1' });
    expect(skipped).toMatchObject({ status: 'skip', score: null });
    expect(skipped.reason).toMatch(/aws_budgets_budget/);
  });

  it('a budget with absolute alerts only is noted, and covers no percentage', async () => {
    const absolute = `provider "aws" {}\nresource "aws_budgets_budget" "b" {\n  notification {\n    threshold = 500\n    threshold_type = "ABSOLUTE_VALUE"\n  }\n}\n`;
    const r = await rule({ 'b.tf': absolute });
    expect(r.score).toBe(0);
    expect(r.findings.map((f) => f.message)).toContain(
      'Budget "b" alerts on absolute amounts only; percentages keep working when the budget changes.',
    );
  });

  it("budgets and cloud providers in test data, fixtures and examples are not the project's", async () => {
    const fixturesOnly = await rule({
      'src/a.go': 'package a\n',
      'internal/testdata/main.tf': 'provider "aws" {}\nresource "aws_lb" "x" {}\n',
      'examples/app/template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n',
    });
    expect(fixturesOnly).toMatchObject({ status: 'skip', metrics: { cloudIac: false } });
    const own = await rule({ 'infra/main.tf': `provider "aws" {}\n${TERRAFORM}`, 'test/fixtures/budget.tf': BUDGET });
    expect(own).toMatchObject({ score: 0, status: 'fail', metrics: { budgets: 0, cloudIac: true } });
  });

  const LIBRARY = {
    'main.tf': 'resource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
    'variables.tf': 'variable "cidr" {\n  type = string\n}\n',
    'versions.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 5.0" }\n  }\n}\n',
    'modules/flow-log/main.tf': 'provider "aws" {\n  alias = "logs"\n}\nresource "aws_flow_log" "this" {}\n',
    'examples/complete/main.tf':
      'provider "aws" {\n  region = "eu-west-1"\n}\nmodule "vpc" {\n  source = "../../"\n  cidr   = "10.0.0.0/16"\n}\n',
  };

  it('a library of reusable modules defines no spend of its own: skipped with the reason, audited on request', async () => {
    const library = await rule(LIBRARY);
    expect(library).toMatchObject({ status: 'skip', score: null, metrics: { cloudIac: true, rootConfigs: 0 } });
    expect(library.reason).toMatch(/is reusable Terraform modules: .*nothing here is deployed/);
    expect(library.reason).toMatch(/reusableModules: audit/);
    const audited = await rule(LIBRARY, 'rules:\n  cost-alerts:\n    options:\n      reusableModules: audit\n');
    expect(audited).toMatchObject({ status: 'fail', score: 0 });
  });

  it.each([
    ['a backend', { 'versions.tf': 'terraform {\n  backend "s3" {\n    bucket = "state"\n  }\n}\n' }],
    ['Terraform Cloud', { 'versions.tf': 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\n' }],
    ['a lock file', { '.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/aws" {}\n' }],
    [
      'variable values',
      { 'envs/prod/terraform.tfvars': 'cidr = "10.0.0.0/16"\n', 'envs/prod/main.tf': 'module "vpc" {\n  source = "../../"\n}\n' },
    ],
    [
      'a provider configured outside modules and examples',
      { 'live/main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_s3_bucket" "logs" {}\n' },
    ],
    ['a Terragrunt unit', { 'live/prod/terragrunt.hcl': 'remote_state {\n  backend = "s3"\n}\n' }],
  ])('a root configuration (%s) deploys, so budgets apply', async (_, extra) => {
    const r = await rule({ ...LIBRARY, ...extra });
    expect(r).toMatchObject({ status: 'fail', score: 0, metrics: { budgets: 0 } });
    expect(r.metrics.rootConfigs).toBeGreaterThan(0);
  });

  const BUDGET_MODULE = `resource "google_billing_budget" "this" {
  for_each        = var.budgets
  billing_account = var.billing_account
  dynamic "threshold_rules" {
    for_each = each.value.threshold_rules
    iterator = rule
    content {
      threshold_percent = rule.value.percent
    }
  }
}
`;

  it('thresholds that are module inputs are read from the configuration that calls the module', async () => {
    const r = await rule({
      'modules/budget/main.tf': BUDGET_MODULE,
      'modules/budget/variables.tf': 'variable "budgets" {}\nvariable "billing_account" {}\n',
      'main.tf': `terraform {\n  backend "gcs" {\n    bucket = "state"\n  }\n}\nprovider "google" {}\nmodule "budgets" {\n  source = "./modules/budget"\n  budgets = {\n    monthly = {\n      threshold_rules = [{ percent = 0.5 }, { percent = 0.75 }, { percent = 0.9, forecasted_spend = true }]\n    }\n  }\n}\n`,
    });
    expect(r).toMatchObject({
      score: 10,
      status: 'pass',
      findings: [],
      metrics: { budgets: 1, thresholdsCovered: [50, 75, 90], thresholdsFromInputs: 1 },
    });
  });

  it("thresholds from a variable's default or a tfvars file count; with no value anywhere, the alerts are the caller's to set, not missing", async () => {
    const aws = (src: string) =>
      `provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_budgets_budget" "monthly" {\n  dynamic "notification" {\n    for_each = ${src}\n    content {\n      threshold      = notification.value\n      threshold_type = "PERCENTAGE"\n    }\n  }\n}\n`;
    const byDefault = await rule({
      'infra/budget.tf': aws('var.alert_at'),
      'infra/variables.tf': 'variable "alert_at" {\n  type    = list(number)\n  default = [50, 75, 90]\n}\n',
    });
    expect(byDefault).toMatchObject({ score: 10, metrics: { thresholdsCovered: [50, 75, 90] } });
    const byValues = await rule({
      'infra/budget.tf': aws('var.alert_at'),
      'infra/variables.tf': 'variable "alert_at" {}\n',
      'infra/terraform.tfvars': 'alert_at = [50, 90]\n',
    });
    expect(byValues.metrics).toMatchObject({ thresholdsCovered: [50, 90], thresholdsMissing: [75] });
    const unset = await rule({
      'modules/budget/main.tf': BUDGET_MODULE,
      'modules/budget/variables.tf': 'variable "budgets" {}\n',
      'envs/prod/main.tf': 'terraform {\n  backend "gcs" {}\n}\nprovider "google" {}\n',
    });
    expect(unset.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [], thresholdsFromInputs: 1 });
    const messages = unset.findings.map((f) => f.message);
    expect(messages.some((m) => /sends no alert/.test(m))).toBe(false);
    expect(messages).toContain(
      'Budget "this" alerts at thresholds its callers set (rule.value.percent, from var.budgets); no configuration in this repository sets them, so check the callers pass 50%, 75% and 90%.',
    );
  });

  it('Pulumi programs (TypeScript, Python, Go, YAML) and CDK apps that create budgets count', async () => {
    const ts = await rule({
      'infra/Pulumi.yaml': 'name: shop\nruntime: nodejs\n',
      'infra/Pulumi.prod.yaml': 'config:\n  aws:region: eu-west-1\n',
      'infra/index.ts': `import * as aws from "@pulumi/aws";\nconst budget = new aws.budgets.Budget("monthly", {\n  budgetType: "COST",\n  limitAmount: "100",\n  timeUnit: "MONTHLY",\n  notifications: [\n    { comparisonOperator: "GREATER_THAN", threshold: 50, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", subscriberEmailAddresses: ["cto@example.com"] },\n    { comparisonOperator: "GREATER_THAN", threshold: 75, thresholdType: "PERCENTAGE", notificationType: "ACTUAL" },\n    { comparisonOperator: "GREATER_THAN", threshold: 90, thresholdType: "PERCENTAGE", notificationType: "FORECASTED" },\n  ],\n});\n`,
    });
    expect(ts).toMatchObject({ score: 10, status: 'pass', metrics: { budgets: 1, cloudIac: true, thresholdsCovered: [50, 75, 90] } });
    expect(ts.findings).toEqual([]);
    const py = await rule({
      'Pulumi.yaml': 'name: billing\nruntime: python\n',
      '__main__.py':
        'import pulumi_gcp as gcp\n\ngcp.billing.Budget("budget",\n    billing_account="000000-000000-000000",\n    threshold_rules=[gcp.billing.BudgetThresholdRuleArgs(threshold_percent=0.5), gcp.billing.BudgetThresholdRuleArgs(threshold_percent=0.9)],\n)\n',
    });
    expect(py.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [50, 90], thresholdsMissing: [75] });
    const go = await rule({
      'deploy/Pulumi.yaml': 'name: subs\nruntime: go\n',
      'deploy/main.go':
        'package main\n\nimport "github.com/pulumi/pulumi-azure/sdk/v5/go/azure/consumption"\n\nfunc budgets(ctx *pulumi.Context) {\n\tconsumption.NewBudgetSubscription(ctx, "monthly", &consumption.BudgetSubscriptionArgs{\n\t\tNotifications: consumption.BudgetSubscriptionNotificationArray{\n\t\t\t&consumption.BudgetSubscriptionNotificationArgs{Threshold: pulumi.Float64(75), Operator: pulumi.String("GreaterThan")},\n\t\t},\n\t})\n}\n',
    });
    expect(go.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [75] });
    const yaml = await rule({
      'Pulumi.yaml':
        'name: y\nruntime: yaml\nresources:\n  monthly:\n    type: aws:budgets:Budget\n    properties:\n      budgetType: COST\n      notifications:\n        - threshold: 50\n          thresholdType: PERCENTAGE\n        - threshold: 90\n          thresholdType: PERCENTAGE\n',
    });
    expect(yaml.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [50, 90] });
    const cdk = await rule({
      'cdk.json': '{"app": "npx ts-node bin/app.ts"}\n',
      'lib/stack.ts': `import * as budgets from 'aws-cdk-lib/aws-budgets';\nnew budgets.CfnBudget(this, 'Monthly', {\n  budget: { budgetType: 'COST', timeUnit: 'MONTHLY' },\n  notificationsWithSubscribers: [75, 90].map((threshold) => ({ notification: { threshold, thresholdType: 'PERCENTAGE', notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN' }, subscribers: [] })),\n});\n`,
    });
    expect(cdk.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [75, 90], cloudIac: true });
    const none = await rule({
      'Pulumi.yaml': 'name: shop\nruntime: nodejs\n',
      'index.ts': 'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("b");\n',
    });
    expect(none).toMatchObject({ score: 0, status: 'fail', metrics: { budgets: 0, cloudIac: true } });
  });
});
