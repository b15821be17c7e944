import { z } from 'zod';
import { defineRule, type Finding } from '../../src/types.ts';
import { absentOutcome, whenAbsentOption } from '../../src/util/records.ts';
import { round } from '../../src/util/time.ts';
import { isRecord, parseYaml } from '../../src/util/yaml.ts';

export const AWS = 'aws_budgets_budget';
export const GOOGLE = 'google_billing_budget';
export const AZURE = /^azurerm_consumption_budget_(subscription|resource_group|management_group)$/;
const CLOUD_PROVIDER = /^\s*(provider|resource|data)\s+"(aws|google|azurerm|google-beta)(_[\w]+)?"/m;
const INFRACOST = /(^|\/)(infracost(-usage)?\.ya?ml|\.infracost\/[^/]+)$/i;

export interface Budget {
  path: string;
  line: number;
  kind: 'aws' | 'google' | 'azure' | 'cloudformation';
  name: string;
  /** Alert thresholds as percentages of the budget. */
  thresholds: number[];
  /** Notifications set as an absolute amount, which no percentage check can judge. */
  absolute: number;
}

export const options = z.strictObject({
  thresholds: z.array(z.number().positive().max(1000)).default([50, 75, 90]).describe('Percentages of expected spend that should each raise an alert.'),
  whenAbsent: whenAbsentOption('cloud infrastructure code or budgets'),
});
export type CostAlertOptions = z.infer<typeof options>;

/** Each `resource "type" "name" { … }` of an HCL file, with its body (braces balanced, strings and comments skipped). */
export function hclResources(text: string): Array<{ type: string; name: string; line: number; body: string }> {
  const found: Array<{ type: string; name: string; line: number; body: string }> = [];
  const header = /^\s*resource\s+"([\w-]+)"\s+"([\w-]+)"\s*\{/gm;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    let depth = 1;
    let i = header.lastIndex;
    for (; i < text.length && depth > 0; i++) {
      const ch = text[i];
      if (ch === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      } else if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    found.push({ type: m[1]!, name: m[2]!, line: text.slice(0, m.index).split('\n').length + (text[m.index] === '\n' ? 1 : 0), body: text.slice(header.lastIndex, i - 1) });
  }
  return found;
}

const numbersIn = (list: string) => [...list.matchAll(/-?\d+(?:\.\d+)?/g)].map((n) => Number(n[0]));
/** Thresholds spelled out one per block, and those a `dynamic` block iterates over. */
function thresholdValues(body: string, key: RegExp): number[] {
  const values = [...body.matchAll(new RegExp(String.raw`\b${key.source}\s*=\s*(\d+(?:\.\d+)?)`, 'g'))].map((m) => Number(m[1]));
  for (const each of body.matchAll(/for_each\s*=\s*(?:toset\()?\[([^\]]*)\]/g)) values.push(...numbersIn(each[1]!));
  return values;
}

export function terraformBudgets(path: string, text: string): Budget[] {
  const budgets: Budget[] = [];
  for (const r of hclResources(text)) {
    if (r.type === AWS || AZURE.test(r.type)) {
      const absolute = r.type === AWS ? (r.body.match(/threshold_type\s*=\s*"ABSOLUTE_VALUE"/g) ?? []).length : 0;
      const thresholds = absolute && !/threshold_type\s*=\s*"PERCENTAGE"/.test(r.body) ? [] : thresholdValues(r.body, /threshold/);
      budgets.push({ path, line: r.line, kind: r.type === AWS ? 'aws' : 'azure', name: r.name, thresholds, absolute });
    } else if (r.type === GOOGLE) {
      // threshold_percent is a fraction: 0.5 is 50 %.
      budgets.push({ path, line: r.line, kind: 'google', name: r.name, thresholds: thresholdValues(r.body, /threshold_percent/).map((v) => round(v * 100, 2)), absolute: 0 });
    }
  }
  return budgets;
}

/** AWS::Budgets::Budget resources of a CloudFormation or SAM template. */
export function cloudFormationBudgets(path: string, text: string): Budget[] {
  if (!text.includes('AWS::Budgets::Budget')) return [];
  const doc = parseYaml(text).docs[0];
  const resources = isRecord(doc) && isRecord(doc.Resources) ? doc.Resources : {};
  const budgets: Budget[] = [];
  for (const [name, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource.Type !== 'AWS::Budgets::Budget' || !isRecord(resource.Properties)) continue;
    const list = Array.isArray(resource.Properties.NotificationsWithSubscribers) ? resource.Properties.NotificationsWithSubscribers : [];
    const notifications = list.map((n) => (isRecord(n) && isRecord(n.Notification) ? n.Notification : {}));
    const percent = notifications.filter((n) => n.ThresholdType !== 'ABSOLUTE_VALUE' && typeof n.Threshold === 'number');
    const line = text.split('\n').findIndex((l) => l.includes(name)) + 1;
    budgets.push({ path, line, kind: 'cloudformation', name, thresholds: percent.map((n) => n.Threshold as number), absolute: notifications.length - percent.length });
  }
  return budgets;
}

export default defineRule<CostAlertOptions>({
  meta: {
    id: 'cost-alerts',
    pillar: 'shield',
    description: 'Cloud budgets are code, and alert at 50%, 75% and 90% of the expected spend.',
    risk: 'medium',
    appliesTo: ['service', 'infrastructure'],
    needs: ['files'],
    options,
    remediation:
      'Declare a budget beside the infrastructure (aws_budgets_budget, google_billing_budget or azurerm_consumption_budget_*) with notifications at 50%, 75% and 90% of the expected monthly spend, sent to the CTO and the ops team.',
    standard: (o) => `Cloud budgets are declared as code and alert at ${o.thresholds.join('%, ')}% of the expected spend, to the CTO and the ops team.`,
    firstSteps: [
      'Estimate the expected monthly cloud spend and declare a budget for it beside the infrastructure code.',
      'Add notifications at 50%, 75% and 90% of it, sent to the CTO and the operations team.',
      'Review every alert the day it fires, and the budget itself each quarter.',
    ],
  },
  async evaluate({ repo, options }) {
    const files = (await repo.files()).filter((f) => f.kind === 'file');
    const budgets: Budget[] = [];
    let cloudIac = false;
    for (const file of files) {
      const lower = file.path.toLowerCase();
      const terraform = lower.endsWith('.tf');
      const template = /\.(ya?ml|json|template)$/.test(lower) && !lower.includes('node_modules/');
      if (!terraform && !template) continue;
      const text = await repo.readText(file.path);
      if (text === null) continue;
      if (terraform) {
        if (CLOUD_PROVIDER.test(text)) cloudIac = true;
        budgets.push(...terraformBudgets(file.path, text));
      } else if (text.includes('AWS::')) {
        cloudIac ||= /AWSTemplateFormatVersion|Transform:\s*AWS::Serverless|"AWS::/.test(text);
        budgets.push(...cloudFormationBudgets(file.path, text));
      }
    }
    const infracost = files.some((f) => INFRACOST.test(f.path));
    const covered = options.thresholds.filter((want) => budgets.some((b) => b.thresholds.some((t) => Math.abs(t - want) <= 2)));
    const metrics = { budgets: budgets.length, thresholdsCovered: covered, thresholdsMissing: options.thresholds.filter((t) => !covered.includes(t)), infracost, cloudIac };
    if (!budgets.length) {
      if (!cloudIac && !infracost) return absentOutcome(options.whenAbsent, { what: 'cloud infrastructure code or budgets', where: 'a budget with alerts beside your infrastructure code (aws_budgets_budget, google_billing_budget, azurerm_consumption_budget_*)', orElse: '' }, metrics);
      return {
        score: infracost ? 2 : 0,
        metrics,
        findings: [{ severity: 'error', message: `The cloud infrastructure is code, but no budget is${infracost ? ' (Infracost estimates costs, but alerts on none)' : ''}; declare one with alerts at ${options.thresholds.join('%, ')}%.`, path: null, line: null } satisfies Finding],
      };
    }
    const findings: Finding[] = [];
    if (metrics.thresholdsMissing.length) {
      const first = budgets[0]!;
      findings.push({ severity: 'warning', message: `No budget alerts at ${metrics.thresholdsMissing.join('%, ')}% of expected spend.`, path: first.path, line: first.line });
    }
    for (const budget of budgets) {
      if (!budget.thresholds.length && budget.absolute) findings.push({ severity: 'info', message: `Budget "${budget.name}" alerts on absolute amounts only; percentages keep working when the budget changes.`, path: budget.path, line: budget.line });
      else if (!budget.thresholds.length) findings.push({ severity: 'warning', message: `Budget "${budget.name}" sends no alert.`, path: budget.path, line: budget.line });
    }
    return { score: round(10 * (covered.length / options.thresholds.length), 2), metrics, findings };
  },
});
