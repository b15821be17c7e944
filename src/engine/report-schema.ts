/**
 * Checks a report read back from a file (a baseline, a shard to merge, the input of `plan --from`)
 * against the published contract, docs/report.schema.json, before anything trusts its shape.
 *
 * The schema file itself is the validator's source, through ajv: one definition for what we
 * promise to write and what we accept to read, instead of a second, hand-kept copy that could
 * drift from it. Ajv is loaded on first use, so audits without a baseline do not pay for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../package-info.ts';
import { neutralise } from '../util/sanitize.ts';

/** The first place a document breaks the contract. */
export interface SchemaProblem {
  /** JSONPath of the offending value, e.g. `$.repos[0].rules[2].id`. */
  path: string;
  /** What is wrong there, e.g. `the value null must be object`. */
  message: string;
}

/** One compiled validator per schema file under docs/. */
const validators = new Map<string, ValidateFunction>();

/** RFC 3339 date-time, as `generatedAt` is written (the one format the schema uses). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

async function compile(schemaFile: string): Promise<ValidateFunction> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'docs', schemaFile), 'utf8')) as object;
  // allErrors off: stop at the first problem, which is the one we report; verbose for its value.
  const ajv = new Ajv2020({ allErrors: false, verbose: true, strict: true, strictTypes: false });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  return ajv.compile(schema);
}

/** `/repos/0/rules/2/id` → `$.repos[0].rules[2].id`. */
export function jsonPath(pointer: string): string {
  if (!pointer) return '$';
  return `$${pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key) => (/^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .join('')}`;
}

/** A short, terminal-safe picture of the offending value (it comes from the file). */
function shown(value: unknown): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return neutralise(JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value));
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}

/** Null when the document is a report as docs/report.schema.json describes it, else its first problem, in words. */
export function checkReport(data: unknown): Promise<SchemaProblem | null> {
  return checkDocument('report.schema.json', data, 'report');
}

/** Null when the document is as docs/<schemaFile> describes it (report.schema.json, trend.schema.json), else its first problem. */
export async function checkDocument(schemaFile: string, data: unknown, what: string): Promise<SchemaProblem | null> {
  let validator = validators.get(schemaFile);
  if (!validator) validators.set(schemaFile, (validator = await compile(schemaFile)));
  if (validator(data)) return null;
  const error = validator.errors?.[0];
  if (!error) return { path: '$', message: `the document does not match the ${what} schema` };
  const params = error.params as { missingProperty?: string; allowedValue?: unknown; allowedValues?: unknown };
  let message: string;
  if (error.keyword === 'required') message = `the object lacks the required field "${neutralise(params.missingProperty ?? '')}"`;
  // Keys of the per-rule maps (summary.rules, baseline.rules) must be rule ids.
  else if (error.propertyName !== undefined)
    message = `the key ${shown(error.propertyName)} is not a rule id (kebab-case, like "bus-factor")`;
  else {
    message = `the value ${shown(error.data)} ${error.message ?? 'is not valid'}`;
    if (error.keyword === 'const' || error.keyword === 'enum')
      message += `: ${JSON.stringify(params.allowedValue ?? params.allowedValues)}`;
  }
  return { path: jsonPath(error.instancePath), message };
}
