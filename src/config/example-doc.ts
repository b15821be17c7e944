/**
 * blueprint.example.yml sets and explains every option of every rule. Its entries are written by
 * hand; a rule it lacks gets one drafted from the rule's meta (default severity, option defaults
 * and descriptions) in the registry's place, so `npm run regen` keeps the file complete and the
 * rule's author only polishes the comments.
 */
import { z } from 'zod';
import { RULES } from '../../rules/index.ts';
import type { Rule } from '../types.ts';
import { defaultSeverity } from './load.ts';

const COMMENT_COLUMN = 30;

function line(text: string, comment: string | undefined): string {
  return comment ? `${text.padEnd(COMMENT_COLUMN - 1)} # ${comment}` : text;
}

/** The entry of one rule, in the example's own layout. */
export function exampleEntry(rule: Rule<any>): string[] {
  const { id } = rule.meta;
  const severity = defaultSeverity(rule);
  const json = z.toJSONSchema(rule.meta.options as z.ZodType, { io: 'input' }) as {
    properties?: Record<string, { default?: unknown; description?: string }>;
  };
  const out = [
    `  ${id}:`,
    line(
      `    severity: ${severity}`,
      severity === 'error' ? undefined : `recommended runs ${id} as a ${severity === 'warn' ? 'warning' : severity}`,
    ),
    '    weight: 1',
  ];
  const properties = Object.entries(json.properties ?? {});
  if (properties.length) out.push('    options:');
  // The example's comments are phrases: 'Days the changelog may go without a change.' -> 'days the … change'.
  const phrase = (d: string | undefined) => d && d.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase()).replace(/\.$/, '');
  for (const [name, p] of properties) out.push(line(`      ${name}: ${JSON.stringify(p.default ?? null)}`, phrase(p.description)));
  return out;
}

/** The example's text with an entry for every rule it lacks, each after the rule before it in the registry. */
export function completeExample(text: string, rules: readonly Rule<any>[] = RULES): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const keyLine = (id: string) => lines.indexOf(`  ${id}:`);
  for (const [i, rule] of rules.entries()) {
    if (keyLine(rule.meta.id) >= 0) continue;
    const previous = rules
      .slice(0, i)
      .map((r) => keyLine(r.meta.id))
      .filter((at) => at >= 0)
      .pop();
    let at: number;
    if (previous === undefined) at = lines.indexOf('rules:') + 1;
    else {
      // The previous entry ends before the next key of the rules mapping, or at the end of the file.
      at = lines.findIndex((l, n) => n > previous && /^ {0,2}\S/.test(l));
      if (at < 0) at = lines.length;
      while (at > previous + 1 && lines[at - 1] === '') at--;
    }
    lines.splice(at, 0, ...(previous === undefined ? [] : ['']), ...exampleEntry(rule), ...(previous === undefined ? [''] : []));
  }
  return `${lines.join('\n')}\n`;
}
