import { RULES } from '../../rules/index.ts';
import { parseConfigText } from '../config/load.ts';
import { presetById, presetRule } from '../config/presets.ts';
import { PILLARS } from '../types.ts';
import { formatBudget, PAINS, practicesFor, presetFor, type Answers } from './answers.ts';

const REPORTING_KNOBS = new Set(['largestUnowned']);
const SCHEMA_URL = 'https://blueprint-audit.dev/schema/blueprint.schema.json';

function yamlValue(value: unknown): string {
  if (typeof value === 'string')
    return /^[\w./-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/^\d/.test(value)
      ? value
      : JSON.stringify(value);
  return JSON.stringify(value);
}

/**
 * The blueprint.yml `init` writes: the preset for the team, one pillar with three practices
 * switched on at the preset's thresholds, the other practices listed but off, and the review.
 */
export function blueprintYaml(answers: Answers, now: Date): string {
  const presetId = presetFor(answers);
  const preset = presetById(presetId);
  const { pillar, label } = PAINS[answers.pain];
  const chosen = practicesFor(pillar, presetId);
  const resolved = parseConfigText(`extends: ${presetId}\n`, 'preset');
  const next = new Date(now.getTime() + 91 * 86_400_000).toISOString().slice(0, 10);
  const lines = [
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    '#',
    `# Written by \`blueprint init\` on ${now.toISOString().slice(0, 10)} for a team of ${answers.teamSize} engineer${answers.teamSize === 1 ? '' : 's'}`,
    `# with an engineering budget of about ${formatBudget(answers.budget)} a year. Where it hurts most:`,
    `# "${label.toLowerCase()}", so ${pillar.toUpperCase()} comes first.`,
    '#',
    '# Start with one pillar and three practices, documented and improved. At each review, run',
    '# `blueprint plan`, and switch on the next practices (set them to error).',
    '',
    `${`extends: ${presetId}`.padEnd(25)} # ${preset.audience}: see docs/presets.md`,
    `${`fail-under: ${preset['fail-under'] ?? 'null'}`.padEnd(25)} # exit 1 below this score (null: report only)`,
    '',
    'review:',
    '  every-days: 91            # quarterly',
    `  next: ${next}`,
    '',
    'rules:',
    `  # ${pillar.toUpperCase()}: where we start.`,
  ];
  for (const id of chosen) {
    const options = resolved.rules.get(id)!.options as Record<string, unknown>;
    // The thresholds (numbers) and whatever the preset sets; reporting knobs stay at their defaults.
    const set = presetRule(preset, id)?.options ?? {};
    const thresholds = Object.entries(options).filter(
      ([key, v]) => key !== 'whenAbsent' && (key in set || (typeof v === 'number' && !REPORTING_KNOBS.has(key))),
    );
    const optionLines = thresholds.map(([k, v]) => `      ${k}: ${yamlValue(v)}`);
    // A practice the team chose to start with and has no record of is a failure to fix, with its
    // first steps, not a skip: records kept elsewhere do not count for the practices chosen here.
    if ('whenAbsent' in options) optionLines.push(`${'      whenAbsent: fail'.padEnd(25)} # no record in the repository: fail, not skip`);
    lines.push(`  ${id}:`, '    severity: error');
    if (optionLines.length) lines.push('    options:', ...optionLines);
  }
  lines.push('', '  # Next, at a quarterly review: switch these on one pillar at a time.');
  for (const p of PILLARS) {
    const rest = RULES.filter((r) => r.meta.pillar === p && !chosen.includes(r.meta.id));
    if (!rest.length) continue;
    lines.push(`  # ${p.toUpperCase()}`);
    for (const rule of rest) lines.push(`  ${rule.meta.id}: off`);
  }
  const text = `${lines.join('\n')}\n`;
  parseConfigText(text, 'blueprint.yml'); // what init writes must load
  return text;
}
