/**
 * Presets: starting points for blueprint.yml by the size of the team. Each is written in the
 * shape of blueprint.yml itself, so what a preset sets reads like a file a team could write,
 * and docs/presets.md is generated from these objects.
 */

import type { RuleId, RuleOptionsById } from '../../rules/index.ts';
import type { Severity } from '../types.ts';

export interface PresetRule<Options = Record<string, unknown>> {
  severity?: Severity;
  weight?: number;
  /** Options set one by one; the rest keep the rule's defaults. */
  options?: Partial<Options>;
}

/** What a preset sets, per rule: the options are checked against that rule's own. */
export type PresetRules = { [Id in RuleId]?: PresetRule<RuleOptionsById[Id]> };

export interface Preset {
  id: string;
  /** Who it is for. */
  audience: string;
  summary: string;
  'fail-under': number | null;
  rules: PresetRules;
}

/** The built-in blueprint: every rule at its catalog default. */
const recommended: Preset = {
  id: 'recommended',
  audience: 'any team; the default',
  summary: 'Every practice at the thresholds of the practice catalog; process practices and the DORA measures warn rather than fail.',
  'fail-under': null,
  rules: {},
};

const startup: Preset = {
  id: 'startup',
  audience: 'up to about 10 engineers',
  summary:
    'Fewer, cheaper bars: unit tests over end-to-end suites, one DR test a year, a spike a month; key people, cloud bills and product fit weigh more.',
  'fail-under': null,
  rules: {
    'automated-tests': { options: { minRatio: 0.3, requireE2e: false } },
    experiments: { options: { perQuarter: 1, maxAgeDays: 90 } },
    'bus-factor': { weight: 1.5 },
    iac: { severity: 'warn' },
    'access-review': { options: { maxAdmins: 2 } },
    'disaster-recovery': { options: { perYear: 1 } },
    'cost-alerts': { weight: 1.5 },
    'product-briefs': { weight: 1.5 },
    hypotheses: { weight: 1.5 },
    'mvp-metrics': { weight: 1.5 },
  },
};

const scaleup: Preset = {
  id: 'scaleup',
  audience: 'about 10 to 50 engineers',
  summary: "The catalog's thresholds, with a gate at 50 and the delivery measures and process reviews made to count.",
  'fail-under': 50,
  rules: {
    delivery: { severity: 'error' },
    'process-reviews': { severity: 'error' },
    'branch-lifetime': { weight: 1.5 },
  },
};

const enterprise: Preset = {
  id: 'enterprise',
  audience: 'more than about 50 engineers, or regulated',
  summary:
    'Higher bars and evidence in the repository: three experts per system, more tests, access and DR records required, a gate at 70.',
  'fail-under': 70,
  rules: {
    'automated-tests': { options: { minRatio: 0.7 } },
    delivery: { severity: 'error' },
    'process-reviews': { severity: 'error' },
    'bus-factor': { options: { target: 3 } },
    'access-review': { weight: 1.5, options: { maxAdmins: 5, whenAbsent: 'fail' } },
    'disaster-recovery': { severity: 'error', weight: 1.5, options: { whenAbsent: 'fail' } },
    'product-briefs': { severity: 'error' },
  },
};

const none: Preset = {
  id: 'none',
  audience: 'teams that list every rule they want',
  summary: 'No rule runs unless blueprint.yml lists it.',
  'fail-under': null,
  rules: {},
};

export const PRESET_LIST: readonly Preset[] = [recommended, startup, scaleup, enterprise, none];
export const PRESET_IDS = ['recommended', 'startup', 'scaleup', 'enterprise', 'none'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export function presetById(id: PresetId): Preset {
  return PRESET_LIST.find((p) => p.id === id)!;
}

/** What the preset sets for a rule, looked up by any id (undefined for a rule it leaves alone). */
export function presetRule(preset: Preset, id: string): PresetRule | undefined {
  return Object.hasOwn(preset.rules, id) ? (preset.rules as Record<string, PresetRule>)[id] : undefined;
}
