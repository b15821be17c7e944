/**
 * Starter documents for the record-based practices, gathered from the rules' `meta.scaffold`:
 * a rule that has a starter carries it, next to the folders it reads.
 */
import { RULES } from '../../rules/index.ts';
import type { Rule, ScaffoldContext, ScaffoldTemplate } from '../types.ts';

export type TemplateContext = ScaffoldContext;

export interface Template extends ScaffoldTemplate {
  /** The rule whose evidence it is. */
  rule: string;
}

/** Every rule's starter, by practice name, in the registry's order. */
export function templatesOf(rules: readonly Rule<any>[]): Record<string, Template> {
  const templates: Record<string, Template> = {};
  for (const { meta } of rules) {
    if (!meta.scaffold) continue;
    const owner = templates[meta.scaffold.practice];
    if (owner) throw new Error(`rules ${owner.rule} and ${meta.id} both scaffold '${meta.scaffold.practice}'`);
    templates[meta.scaffold.practice] = { ...meta.scaffold, rule: meta.id };
  }
  return templates;
}

export const TEMPLATES: Record<string, Template> = templatesOf(RULES);
