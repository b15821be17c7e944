import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RULES, findRule } from '../rules/index.ts';
import { UsageError } from './errors.ts';
import { PACKAGE_ROOT } from './package-info.ts';
import { unknownRuleHint } from './util/suggest.ts';

interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  description?: string;
  items?: { type?: string };
}

/** One line per option: name, type, default and what it does, from the rule's schema. */
export function describeOptions(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, PropertySchema> };
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const type = p.type === 'array' ? `${p.items?.type ?? 'value'}[]` : String(p.type ?? 'value');
    return `  ${name} (${type}, default ${JSON.stringify(p.default)})${p.description ? `: ${p.description}` : ''}`;
  });
}

/** The rule's README followed by its options, as `blueprint explain` prints them. */
export async function explain(id: string): Promise<string> {
  const rule = findRule(id);
  if (!rule) {
    const known = RULES.map((r) => r.meta.id);
    throw new UsageError(`unknown rule '${id}'`, unknownRuleHint(id, known));
  }
  const { meta } = rule;
  const readme = await readFile(join(PACKAGE_ROOT, 'rules', meta.id, 'README.md'), 'utf8').catch(() => null);
  const header = `${meta.id} (${meta.pillar}, ${meta.risk} risk)\n${meta.description}\n`;
  const options = describeOptions(meta.options as z.ZodType);
  const optionText = options.length
    ? `\nOptions (blueprint.yml: rules.${meta.id}.options):\n${options.join('\n')}\n`
    : '\nThis rule has no options.\n';
  return `${header}\n${readme ?? `${meta.remediation}\n`}${optionText}`;
}
