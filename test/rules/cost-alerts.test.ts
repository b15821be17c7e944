import { describe, expect, it } from 'vitest';
import { BUDGET, TERRAFORM } from '../../fixtures/repos.ts';
import { audit } from '../../src/index.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const now = new Date('2026-11-24T12:00:00Z');

async function rule(files: Record<string, string>) {
  const report = await audit({ targets: [fx.build({ commits: [{ date: '2026-11-20T00:00:00Z', files }] })], now, rules: ['cost-alerts'] });
  return report.repos[0]!.rules[0]!;
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
    expect(r).toMatchObject({ score: 10, status: 'pass', findings: [], metrics: { budgets: 1, thresholdsCovered: [50, 75, 90], thresholdsMissing: [], cloudIac: true } });
  });

  it('Google fractions, Azure and CloudFormation thresholds add up across budgets', async () => {
    const google = await rule({ 'billing.tf': GOOGLE });
    expect(google.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [50, 90], thresholdsMissing: [75] });
    expect(google.findings[0]).toEqual({ severity: 'warning', message: 'No budget alerts at 75% of expected spend.', path: 'billing.tf', line: 1 });
    expect(google.score).toBe(6.67);
    const all = await rule({ 'billing.tf': GOOGLE, 'azure/budget.tf': AZURE });
    expect(all).toMatchObject({ score: 10, metrics: { budgets: 2 } });
    const cfn = await rule({ 'template.yaml': CLOUDFORMATION });
    expect(cfn.metrics).toMatchObject({ budgets: 1, thresholdsCovered: [90], cloudIac: true });
  });

  it('cloud infrastructure without a budget scores 0; Infracost alone 2; no cloud code is skipped', async () => {
    const none = await rule({ 'main.tf': `provider "aws" {}\n${TERRAFORM}` });
    expect(none).toMatchObject({ score: 0, status: 'fail', metrics: { budgets: 0, cloudIac: true } });
    expect(none.findings[0]!.message).toMatch(/^The cloud infrastructure is code, but no budget is; declare one with alerts at 50%, 75%, 90%\.$/);
    expect(await rule({ 'main.tf': `provider "aws" {}\n`, 'infracost.yml': 'version: 0.1\n' })).toMatchObject({ score: 2, metrics: { infracost: true } });
    const skipped = await rule({ 'src/a.js': '1' });
    expect(skipped).toMatchObject({ status: 'skip', score: null });
    expect(skipped.reason).toMatch(/aws_budgets_budget/);
  });

  it('a budget with absolute alerts only is noted, and covers no percentage', async () => {
    const absolute = `provider "aws" {}\nresource "aws_budgets_budget" "b" {\n  notification {\n    threshold = 500\n    threshold_type = "ABSOLUTE_VALUE"\n  }\n}\n`;
    const r = await rule({ 'b.tf': absolute });
    expect(r.score).toBe(0);
    expect(r.findings.map((f) => f.message)).toContain('Budget "b" alerts on absolute amounts only; percentages keep working when the budget changes.');
  });
});
