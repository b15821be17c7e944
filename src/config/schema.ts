import { z } from 'zod';
import { RULES } from '../../rules/index.ts';
import type { Rule, Severity } from '../types.ts';
import { recordsSchema, scopeSchema, teamsSchema } from './records.ts';

export const SEVERITIES = ['off', 'warn', 'error'] as const satisfies readonly Severity[];
import { PRESET_IDS } from './presets.ts';

export const PRESETS = PRESET_IDS;

export const severitySchema = z
  .enum(SEVERITIES)
  .describe('off: do not run; warn: report, never fail; error: a score under 7 fails the rule.');

export function ruleObjectSchema(rule: Rule<unknown>) {
  return z.strictObject({
    severity: severitySchema.optional(),
    weight: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe("Multiplies the rule's risk weight in the aggregate (default 1; 0 keeps it out)."),
    options: (rule.meta.options as z.ZodType).optional(),
    scope: scopeSchema.optional(),
  });
}

/** The shape of blueprint.yml without the per-rule entries, which are checked one by one. */
export const topLevelSchema = z.strictObject({
  $schema: z.string().optional(),
  extends: z
    .enum(PRESETS)
    .optional()
    .describe(
      "Preset to start from: recommended (every rule at the catalog's thresholds, the default), startup, scaleup or enterprise (thresholds and weights for the team's size, see docs/presets.md), or none (only the rules listed here).",
    ),
  kind: z
    .enum(['service', 'library', 'cli', 'infrastructure', 'docs', 'auto'])
    .optional()
    .describe(
      'What the repository holds: service, library, cli, infrastructure or docs; auto (the default) detects it. Practices that do not apply to the kind are skipped, never failed.',
    ),
  'fail-under': z.number().min(0).max(100).nullable().optional().describe('Exit with code 1 when a repository scores below this (0–100).'),
  'critical-paths': z.array(z.string()).optional().describe('Globs of the code whose loss or breakage hurts most (e.g. src/auth/**).'),
  systems: z
    .record(z.string(), z.union([z.string(), z.array(z.string())]))
    .optional()
    .describe('Named systems and the globs of their code, for the key-person matrix; top-level folders when absent.'),
  review: z
    .strictObject({
      'every-days': z.number().int().positive().optional().describe('Days between reviews of the blueprint (default 91: quarterly).'),
      next: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date, YYYY-MM-DD')
        .optional()
        .describe('Date of the next review, YYYY-MM-DD.'),
      owner: z.string().optional().describe('Who runs the review.'),
    })
    .optional()
    .describe('The regular review of the blueprint itself: when, and who runs it (`blueprint plan` prints the next date).'),
  records: recordsSchema.optional(),
  teams: teamsSchema.optional(),
  rules: z.record(z.string(), z.unknown()).optional().describe('Per rule: off | warn | error, or { severity, weight, options, scope }.'),
});

export type BlueprintFile = z.infer<typeof topLevelSchema>;

/** The full schema, per-rule options included: the source of docs/blueprint.schema.json. */
export function blueprintJsonSchema(): Record<string, unknown> {
  const rules = z.strictObject(
    Object.fromEntries(
      RULES.map((rule) => [rule.meta.id, z.union([severitySchema, ruleObjectSchema(rule)]).describe(rule.meta.description)]),
    ),
  );
  const full = topLevelSchema.extend({
    rules: rules.optional().describe('Per rule: off | warn | error, or { severity, weight, options, scope }.'),
  });
  return {
    ...z.toJSONSchema(full, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://blueprint-audit.dev/schema/blueprint.schema.json',
    title: 'blueprint.yml',
    description: 'Configuration of blueprint-audit: which rules run, how they weigh, their options and gates.',
  };
}
