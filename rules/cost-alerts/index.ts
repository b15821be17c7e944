import {
  absentOutcome,
  basename,
  dirname,
  extname,
  findingsFrom,
  infrastructureTestData,
  isRecord,
  parseYaml,
  RECORD_MESSAGES,
  round,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type TreeEntry } from '../../src/types.ts';

export const AWS = 'aws_budgets_budget';
export const GOOGLE = 'google_billing_budget';
export const AZURE = /^azurerm_consumption_budget_(subscription|resource_group|management_group)$/;
const CLOUD_PROVIDER = /^\s*(provider|resource|data)\s+"(aws|google|azurerm|google-beta)(_[\w]+)?"/m;
const PROVIDER_CONFIG = /^\s*provider\s+"(aws|google|google-beta|azurerm)"\s*\{/m;
const BACKEND = /^\s*(backend\s+"[\w-]+"|cloud)\s*\{/m;
const INFRACOST = /(^|\/)(infracost(-usage)?\.ya?ml|\.infracost\/[^/]+)$/i;
/** Files that exist only beside a configuration someone applies: a lock file, variable values, a Terragrunt unit. */
const ROOT_FILES = /^(\.terraform\.lock\.hcl|terragrunt\.hcl|[^/]*\.tfvars(\.json)?)$/;
const CODE = new Set(['.ts', '.js', '.mjs', '.cjs', '.py', '.go', '.cs', '.java']);
/** Cloud SDKs of Pulumi programs, in every language Pulumi supports. */
const PULUMI_CLOUD =
  /@pulumi\/(aws|gcp|azure|azure-native|google-native)\b|\bpulumi_(aws|gcp|azure|azure_native)\b|pulumi\/pulumi-(aws|gcp|azure|azure-native)\b|\bPulumi\.(Aws|Gcp|Azure|AzureNative)\b|com\.pulumi\.(aws|gcp|azure)/;
/** Budget resources created by Pulumi (TypeScript, Python, Go, C#) and CDK programs. */
const CODE_BUDGET =
  /\b(aws\.budgets\.Budget|budgets\.NewBudget|gcp\.billing\.Budget|billing\.NewBudget|azure\.consumption\.Budget(?:Subscription|ResourceGroup|ManagementGroup)|consumption\.NewBudget(?:Subscription|ResourceGroup|ManagementGroup)?|consumption\.Budget(?:Subscription|ResourceGroup|ManagementGroup)?|CfnBudget)\s*\(/gi;
const PULUMI_BUDGET_TYPE =
  /^(aws:budgets:Budget|gcp:billing:Budget|azure:consumption:Budget(Subscription|ResourceGroup|ManagementGroup)|azure-native:consumption:Budget)$/;

export interface Budget {
  path: string;
  line: number;
  kind: 'aws' | 'google' | 'azure' | 'cloudformation';
  /** What declares it. */
  source: 'terraform' | 'cloudformation' | 'pulumi' | 'cdk';
  name: string;
  /** Alert thresholds as percentages of the budget. */
  thresholds: number[];
  /** Notifications set as an absolute amount, which no percentage check can judge. */
  absolute: number;
  /**
   * When the thresholds are inputs (a module variable, values the program computes): the
   * expression, the variable it comes from, and whether some file of the repository sets it.
   */
  inputs: { expression: string; variable: string | null; resolved: boolean } | null;
}

export const options = z.strictObject({
  thresholds: z
    .array(z.number().positive().max(1000))
    .default([50, 75, 90])
    .describe('Percentages of expected spend that should each raise an alert.'),
  reusableModules: z
    .enum(['skip', 'audit'])
    .default('skip')
    .describe(
      'A repository of reusable Terraform modules (no backend, lock file, variable values or provider configuration outside examples and tests) deploys nothing of its own: skip it, or audit its budgets anyway.',
    ),
  whenAbsent: whenAbsentOption('cloud infrastructure code or budgets'),
});
export type CostAlertOptions = z.infer<typeof options>;

/** Index just past the bracket that closes the one at `open` (strings and comments skipped). */
function closing(text: string, open: number, hashComments = true): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === '`' || (ch === "'" && !hashComments)) {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if ((ch === '#' && hashComments) || (ch === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '{' || ch === '[' || ch === '(') depth++;
    else if (ch === '}' || ch === ']' || ch === ')') {
      if (--depth === 0) return i + 1;
    }
  }
  return text.length;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Each top-level HCL block of a kind (`resource "type" "name" { … }`, `module "name" { … }`), with its labels and body. */
export function hclBlocks(text: string, kind: string): Array<{ labels: string[]; line: number; body: string }> {
  const found: Array<{ labels: string[]; line: number; body: string }> = [];
  const header = new RegExp(String.raw`^[ \t]*${kind}((?:\s+"[\w.-]+")*)\s*\{`, 'gm');
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const open = header.lastIndex - 1;
    const end = closing(text, open);
    found.push({
      labels: [...m[1]!.matchAll(/"([\w.-]+)"/g)].map((l) => l[1]!),
      line: lineAt(text, m.index + (m[0].length - m[0].trimStart().length)),
      body: text.slice(open + 1, end - 1),
    });
    header.lastIndex = end;
  }
  return found;
}

/** Each `resource "type" "name" { … }` of an HCL file, with its body (braces balanced, strings and comments skipped). */
export function hclResources(text: string): Array<{ type: string; name: string; line: number; body: string }> {
  return hclBlocks(text, 'resource')
    .filter((b) => b.labels.length === 2)
    .map((b) => ({ type: b.labels[0]!, name: b.labels[1]!, line: b.line, body: b.body }));
}

/** The text of the value of the first `name = …` in an HCL body: a bracketed value whole, else the rest of the line. */
export function hclAttribute(body: string, name: string): string | null {
  const m = new RegExp(String.raw`(^|\n)[ \t]*"?${name}"?\s*=(?!=)[ \t]*`).exec(body);
  if (!m) return null;
  const start = m.index + m[0].length;
  if ('{[('.includes(body[start] ?? '')) return body.slice(start, closing(body, start));
  const end = body.indexOf('\n', start);
  return body.slice(start, end < 0 ? body.length : end).trim();
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const numbersIn = (list: string) => [...list.matchAll(new RegExp(NUMBER, 'g'))].map((n) => Number(n[0]));
const PURE_LIST = new RegExp(String.raw`^[\[(]\s*(?:toset\(\s*\[)?\s*${NUMBER}(?:\s*,\s*${NUMBER})*\s*,?\s*\]?\)?\s*[\])]?$`);

/** Numbers a value gives to thresholds: a list of numbers whole, else those keyed `key` (or threshold/percent). */
function thresholdsInValue(value: string, key: string | null): number[] {
  const trimmed = value.trim();
  if (/^(toset\()?\[/.test(trimmed) && PURE_LIST.test(trimmed.replace(/^toset\(/, '('))) return numbersIn(trimmed);
  const keys = key ? key : String.raw`\w*(?:threshold|percent)\w*`;
  return [...value.matchAll(new RegExp(String.raw`\b"?(?:${keys})"?\s*[=:]\s*(${NUMBER})`, 'gi'))].map((m) => Number(m[1]));
}

/** Thresholds spelled out one per block, and those a `dynamic` block iterates over. */
function thresholdValues(body: string, key: RegExp): number[] {
  const values = [...body.matchAll(new RegExp(String.raw`\b${key.source}\s*=\s*(${NUMBER})\b`, 'g'))].map((m) => Number(m[1]));
  for (const each of body.matchAll(/for_each\s*=\s*(?:toset\()?\[([^\]]*)\]/g)) values.push(...numbersIn(each[1]!));
  return values;
}

/** Where a module's inputs get their values: the calls of the module, tfvars beside it, its variables' defaults, its locals. */
export interface ModuleValues {
  /** Values of `name` given to the module in `folder`, from every source, in order. */
  valuesOf(folder: string, name: string): string[];
  local(folder: string, name: string): string | null;
}

/** Terraform budgets of one file; `values` reads thresholds that are module inputs. */
export function terraformBudgets(path: string, text: string, values?: ModuleValues): Budget[] {
  const budgets: Budget[] = [];
  const folder = dirname(path);
  for (const r of hclResources(text)) {
    const google = r.type === GOOGLE;
    if (!google && r.type !== AWS && !AZURE.test(r.type)) continue;
    const key = google ? 'threshold_percent' : 'threshold';
    const absolute = r.type === AWS ? (r.body.match(/threshold_type\s*=\s*"ABSOLUTE_VALUE"/g) ?? []).length : 0;
    let thresholds = absolute && !/threshold_type\s*=\s*"PERCENTAGE"/.test(r.body) ? [] : thresholdValues(r.body, new RegExp(key));
    let inputs: Budget['inputs'] = null;
    const expression = new RegExp(String.raw`\b${key}\s*=\s*([A-Za-z_][\w.\[\]"]*(?:\s*[*/]\s*${NUMBER})?)`).exec(r.body)?.[1];
    if (!thresholds.length && !(absolute && !/PERCENTAGE/.test(r.body)) && expression) {
      const percentIn = /\/\s*100\b/.test(expression); // `rule.value / 100`: the callers give percentages
      const attribute = /\.value\.(\w+)$/.exec(expression)?.[1] ?? null;
      const forEach = [...r.body.matchAll(/for_each\s*=\s*([^\n]+)/g)].map((m) => m[1]!);
      const refs = (kind: string, texts: string[]) => [
        ...new Set(texts.flatMap((t) => [...t.matchAll(new RegExp(String.raw`\b${kind}\.(\w+)`, 'g'))].map((m) => m[1]!))),
      ];
      const locals = refs('local', [expression, ...forEach]);
      const localTexts = locals.map((name) => values?.local(folder, name) ?? '').filter(Boolean);
      const variables = refs('var', [expression, ...forEach, ...localTexts]);
      const found: number[] = [];
      for (const text of localTexts) found.push(...thresholdsInValue(text, attribute));
      for (const name of variables)
        for (const value of values?.valuesOf(folder, name) ?? []) found.push(...thresholdsInValue(value, attribute));
      thresholds = google && !percentIn ? found.map((v) => round(v * 100, 2)) : found;
      inputs = {
        expression,
        variable: variables[0] ? `var.${variables[0]}` : locals[0] ? `local.${locals[0]}` : null,
        resolved: found.length > 0,
      };
    } else if (google) thresholds = thresholds.map((v) => round(v * 100, 2)); // threshold_percent is a fraction: 0.5 is 50 %.
    budgets.push({
      path,
      line: r.line,
      kind: google ? 'google' : r.type === AWS ? 'aws' : 'azure',
      source: 'terraform',
      name: r.name,
      thresholds,
      absolute,
      inputs,
    });
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
    budgets.push({
      path,
      line,
      kind: 'cloudformation',
      source: 'cloudformation',
      name,
      thresholds: percent.map((n) => n.Threshold as number),
      absolute: notifications.length - percent.length,
      inputs: null,
    });
  }
  return budgets;
}

const KEYED_THRESHOLD = new RegExp(String.raw`\bthreshold(_?percent)?\b["']?\s*[:=]\s*(?:[\w.]+\(\s*)?(${NUMBER})`, 'gi');
const ABSOLUTE_TYPE = /threshold_?type\b["']?\s*[:=]\s*(?:[\w.]+\(\s*)?["']?ABSOLUTE_VALUE/gi;
const NUMBER_LIST = new RegExp(String.raw`\[\s*(${NUMBER}(?:\s*,\s*${NUMBER})*)\s*,?\s*\]`, 'g');

/** Thresholds of a budget's arguments in a program (or a Pulumi YAML resource as JSON). */
function argumentThresholds(args: string, google: boolean): Pick<Budget, 'thresholds' | 'absolute' | 'inputs'> {
  const absolute = (args.match(ABSOLUTE_TYPE) ?? []).length;
  if (absolute && !/PERCENTAGE/i.test(args)) return { thresholds: [], absolute, inputs: null };
  let thresholds = [...args.matchAll(KEYED_THRESHOLD)].map((m) => (google && m[1] ? round(Number(m[2]) * 100, 2) : Number(m[2])));
  // `[50, 75, 90].map((threshold) => …)` or `… for t in [50, 75, 90]`: the list the alerts iterate over.
  if (!thresholds.length && /threshold/i.test(args)) {
    const listed = [...args.matchAll(NUMBER_LIST)].flatMap((m) => numbersIn(m[1]!));
    thresholds = google && listed.every((v) => v <= 1.5) ? listed.map((v) => round(v * 100, 2)) : listed;
    if (!thresholds.length)
      return { thresholds, absolute, inputs: { expression: 'values the program computes', variable: null, resolved: false } };
  }
  return { thresholds, absolute, inputs: null };
}

const cloudOf = (type: string): Budget['kind'] =>
  /aws|CfnBudget|budgets\.NewBudget/i.test(type) ? 'aws' : /gcp|billing/i.test(type) ? 'google' : 'azure';

/** Budgets a Pulumi or CDK program creates (`new aws.budgets.Budget(…)`, `gcp.billing.Budget(…)`, `new budgets.CfnBudget(…)` …). */
export function programBudgets(path: string, text: string, source: 'pulumi' | 'cdk'): Budget[] {
  const hash = extname(path) === '.py';
  const budgets: Budget[] = [];
  for (const m of text.matchAll(CODE_BUDGET)) {
    const open = m.index + m[0].length - 1;
    const args = text.slice(open + 1, closing(text, open, hash) - 1);
    const kind = cloudOf(m[1]!);
    const name = /["'`]([^"'`\n]+)["'`]/.exec(args)?.[1] ?? m[1]!;
    budgets.push({ path, line: lineAt(text, m.index), kind, source, name, ...argumentThresholds(args, kind === 'google') });
  }
  return budgets;
}

/** Budgets among the `resources` of a Pulumi YAML program. */
export function pulumiYamlBudgets(path: string, text: string): Budget[] {
  const doc = parseYaml(text).docs[0];
  const resources = isRecord(doc) && isRecord(doc.resources) ? doc.resources : {};
  const budgets: Budget[] = [];
  for (const [name, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource.type !== 'string' || !PULUMI_BUDGET_TYPE.test(resource.type)) continue;
    const kind = cloudOf(resource.type);
    const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${name}:`)) + 1;
    budgets.push({
      path,
      line,
      kind,
      source: 'pulumi',
      name,
      ...argumentThresholds(JSON.stringify(resource.properties ?? {}), kind === 'google'),
    });
  }
  return budgets;
}

/** `base` joined with a relative module source (`../../`, `./modules/budget`), normalised; '' is the top folder. */
function joinPath(base: string, relative: string): string {
  const parts = base ? base.split('/') : [];
  for (const segment of relative.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment && segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

const UNDER_MODULES = /(^|\/)modules(\/|$)/;
const SERVERLESS = /^serverless\.(ya?ml|json|ts|js)$/;
const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

const MESSAGES = {
  ...RECORD_MESSAGES,
  'no-budget': 'The cloud infrastructure is code, but no budget is; declare one with alerts at {thresholds}%.',
  'no-budget-beside-infracost':
    'The cloud infrastructure is code, but no budget is (Infracost estimates costs, but alerts on none); declare one with alerts at {thresholds}%.',
  'thresholds-missing': 'No budget alerts at {missing}% of expected spend.',
  'thresholds-missing-unresolved':
    'No budget set here alerts at {missing}% of expected spend; {unresolved} {take} thresholds from inputs no file here sets.',
  'thresholds-from-callers':
    'Budget "{budget}" alerts at thresholds its callers set ({inputs}); no configuration in this repository sets them, so check the callers pass {wanted}.',
  'thresholds-computed': 'Budget "{budget}" alerts at thresholds the program computes; check they include {wanted}.',
  'absolute-amounts-only': 'Budget "{budget}" alerts on absolute amounts only; percentages keep working when the budget changes.',
  'budget-without-alert': 'Budget "{budget}" sends no alert.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<CostAlertOptions>({
  meta: {
    id: 'cost-alerts',
    pillar: 'shield',
    description: 'Cloud budgets are code, and alert at 50%, 75% and 90% of the expected spend.',
    risk: 'medium',
    appliesTo: ['service', 'infrastructure'],
    needs: ['files'],
    options,
    messages: MESSAGES,
    remediation:
      'Declare a budget beside the infrastructure (aws_budgets_budget, google_billing_budget or azurerm_consumption_budget_*) with notifications at 50%, 75% and 90% of the expected monthly spend, sent to the CTO and the ops team.',
    standard: (o) =>
      `Cloud budgets are declared as code and alert at ${o.thresholds.join('%, ')}% of the expected spend, to the CTO and the ops team.`,
    firstSteps: [
      'Estimate the expected monthly cloud spend and declare a budget for it beside the infrastructure code.',
      'Add notifications at 50%, 75% and 90% of it, sent to the CTO and the operations team.',
      'Review every alert the day it fires, and the budget itself each quarter.',
    ],
  },
  async evaluate({ repo, options }) {
    const files = (await repo.files()).filter((f) => f.kind === 'file');
    // Test data, fixtures and examples are not the project's: their budgets and clouds are not its spend.
    const testData = infrastructureTestData(files.map((f) => f.path));
    const own = files.filter((f) => !testData(f.path));
    const read = async (path: string) => (await repo.readText(path)) ?? '';
    const readAll = async (entries: readonly TreeEntry[]) =>
      new Map(await Promise.all(entries.map(async (e) => [e.path, await read(e.path)] as const)));

    // Terraform: which folders are applied (root configurations), which are modules others call.
    const terraform = await readAll(files.filter((f) => f.path.toLowerCase().endsWith('.tf')));
    const ownTerraform = [...terraform].filter(([path]) => !testData(path));
    const calls = new Map<string, string[]>();
    const moduleTargets = new Set<string>();
    for (const [path, text] of terraform) {
      for (const block of hclBlocks(text, 'module')) {
        const source = /^"(\.\.?(?:\/[^"]*)?)"/.exec(hclAttribute(block.body, 'source') ?? '')?.[1];
        if (!source) continue;
        const target = joinPath(dirname(path), source);
        moduleTargets.add(target);
        if (!testData(path)) calls.set(target, [...(calls.get(target) ?? []), block.body]);
      }
    }
    const tfvars = await readAll(own.filter((f) => /\.tfvars(\.json)?$/.test(f.path)));
    const inFolder = <T>(map: Iterable<[string, T]>, folder: string) =>
      [...map].filter(([path]) => dirname(path) === folder).map(([, value]) => value);
    const values: ModuleValues = {
      valuesOf: (folder, name) =>
        [
          ...(calls.get(folder) ?? []).map((body) => hclAttribute(body, name)),
          ...inFolder(tfvars, folder).map((text) => hclAttribute(text, name)),
          ...inFolder(ownTerraform, folder).flatMap((text) =>
            hclBlocks(text, 'variable')
              .filter((v) => v.labels[0] === name)
              .map((v) => hclAttribute(v.body, 'default')),
          ),
        ].filter((v): v is string => v !== null),
      local: (folder, name) =>
        inFolder(ownTerraform, folder)
          .flatMap((text) => hclBlocks(text, 'locals').map((l) => hclAttribute(l.body, name)))
          .find((v) => v !== null) ?? null,
    };
    const roots = new Set<string>(own.filter((f) => ROOT_FILES.test(basename(f.path))).map((f) => dirname(f.path)));
    let cloudIac = false;
    let libraryEvidence = false;
    const budgets: Budget[] = [];
    for (const [path, text] of ownTerraform) {
      const folder = dirname(path);
      if (hclBlocks(text, 'terraform').some((t) => BACKEND.test(t.body))) roots.add(folder);
      const module = UNDER_MODULES.test(folder) || moduleTargets.has(folder);
      // A provider configured outside a module: someone runs this folder (modules take providers from their callers).
      if (!module && PROVIDER_CONFIG.test(text)) roots.add(folder);
      if (CLOUD_PROVIDER.test(text)) {
        cloudIac = true;
        libraryEvidence ||= module;
      }
      budgets.push(...terraformBudgets(path, text, values));
    }

    // CloudFormation and SAM templates: each is a stack someone deploys.
    let deployables = 0;
    for (const file of own) {
      if (!/\.(ya?ml|json|template)$/i.test(file.path)) continue;
      const text = await read(file.path);
      if (!text.includes('AWS::')) continue;
      if (/AWSTemplateFormatVersion|Transform:\s*AWS::Serverless|"AWS::/.test(text)) {
        cloudIac = true;
        deployables++;
      }
      budgets.push(...cloudFormationBudgets(file.path, text));
    }

    // Pulumi projects and CDK apps: programs that deploy, with budgets created in code.
    const programs = new Map<string, 'pulumi' | 'cdk'>();
    for (const file of own) {
      const name = basename(file.path);
      const folder = dirname(file.path);
      const under = (path: string) => !folder || path.startsWith(`${folder}/`);
      if (/^Pulumi\.ya?ml$/.test(name)) {
        const text = await read(file.path);
        const doc = parseYaml(text).docs[0];
        if (!isRecord(doc) || typeof doc.name !== 'string' || doc.runtime === undefined) continue;
        deployables++;
        const runtime = isRecord(doc.runtime) ? doc.runtime.name : doc.runtime;
        if (runtime === 'yaml' || isRecord(doc.resources)) {
          const found = pulumiYamlBudgets(file.path, text);
          budgets.push(...found);
          cloudIac ||= found.length > 0 || /^\s+type:\s*["']?(aws|gcp|azure|azure-native|google-native):/m.test(text);
        }
        for (const code of own) if (CODE.has(extname(code.path)) && under(code.path)) programs.set(code.path, 'pulumi');
      } else if (name === 'cdk.json' && /"app"\s*:/.test(await read(file.path))) {
        deployables++;
        cloudIac = true; // the AWS CDK deploys to AWS
        for (const code of own)
          if (CODE.has(extname(code.path)) && under(code.path) && !programs.has(code.path)) programs.set(code.path, 'cdk');
      } else if (SERVERLESS.test(name)) {
        const text = await read(file.path);
        if (!/\bservice\b/.test(text) || !/\bprovider\b/.test(text)) continue;
        deployables++;
        cloudIac ||= /\bprovider\b[\s\S]{0,200}?\bname["']?\s*:\s*["']?(aws|google|azure)\b/.test(text);
      }
    }
    for (const [path, source] of programs) {
      const text = await read(path);
      if (source === 'pulumi' && PULUMI_CLOUD.test(text)) cloudIac = true;
      budgets.push(...programBudgets(path, text, source));
    }

    const infracost = own.some((f) => INFRACOST.test(f.path));
    const covered = options.thresholds.filter((want) => budgets.some((b) => b.thresholds.some((t) => Math.abs(t - want) <= 2)));
    const metrics = {
      budgets: budgets.length,
      thresholdsCovered: covered,
      thresholdsMissing: options.thresholds.filter((t) => !covered.includes(t)),
      infracost,
      cloudIac,
      rootConfigs: roots.size + deployables,
      thresholdsFromInputs: budgets.filter((b) => b.inputs).length,
    };
    if (!budgets.length && !cloudIac && !infracost)
      return absentOutcome(
        options.whenAbsent,
        {
          what: 'cloud infrastructure code or budgets',
          where:
            'a budget with alerts beside your infrastructure code (aws_budgets_budget, google_billing_budget, azurerm_consumption_budget_*)',
          orElse: '',
        },
        metrics,
      );
    if (!metrics.rootConfigs && libraryEvidence && options.reusableModules === 'skip') {
      return {
        score: null,
        metrics,
        findings: [],
        reason:
          'The cloud infrastructure code here is reusable Terraform modules: no folder outside examples and tests has a backend, a lock file, variable values or a provider configuration, so nothing here is deployed; the spend, and the budget that watches it, belong to the configurations that use the modules. To audit the budgets anyway, set `reusableModules: audit`.',
      };
    }
    if (!budgets.length) {
      return {
        score: infracost ? 2 : 0,
        metrics,
        findings: [say.error(infracost ? 'no-budget-beside-infracost' : 'no-budget', { thresholds: options.thresholds.join('%, ') })],
      };
    }
    const findings: Finding[] = [];
    const unresolved = budgets.filter((b) => b.inputs && !b.inputs.resolved).length;
    if (metrics.thresholdsMissing.length) {
      const first = budgets[0]!;
      const missing = metrics.thresholdsMissing.join('%, ');
      const at = { path: first.path, line: first.line };
      findings.push(
        unresolved
          ? say.warning('thresholds-missing-unresolved', { missing, unresolved, take: unresolved === 1 ? 'takes its' : 'take their' }, at)
          : say.warning('thresholds-missing', { missing }, at),
      );
    }
    const wanted = list(options.thresholds.map((t) => `${t}%`));
    for (const budget of budgets) {
      const at = { path: budget.path, line: budget.line };
      if (budget.inputs && !budget.inputs.resolved) {
        const { expression, variable } = budget.inputs;
        findings.push(
          budget.source === 'terraform'
            ? say.info(
                'thresholds-from-callers',
                { budget: budget.name, inputs: `${expression}${variable ? `, from ${variable}` : ''}`, wanted },
                at,
              )
            : say.info('thresholds-computed', { budget: budget.name, wanted }, at),
        );
      } else if (!budget.thresholds.length && budget.absolute)
        findings.push(say.info('absolute-amounts-only', { budget: budget.name }, at));
      else if (!budget.thresholds.length) findings.push(say.warning('budget-without-alert', { budget: budget.name }, at));
    }
    return { score: round(10 * (covered.length / options.thresholds.length), 2), metrics, findings };
  },
});
