/**
 * Records helpers (src/util/records.ts, re-exported as they are), with `absentOutcome`'s finding
 * given the code every record-based rule shares (see RECORD_MESSAGES).
 */
import type { RuleOutcome } from '../types.ts';
import { absentOutcome as recordsAbsentOutcome } from '../util/records.ts';

export * from '../util/records.ts';

/** Messages of the findings the records helpers make; spread them into a rule's `meta.messages`. */
export const RECORD_MESSAGES = { 'no-records': 'No {what}: add {add}.' } as const;

/** Folders of product briefs, which the MVP rule reads too. */
export const BRIEF_FOLDERS = ['docs/briefs', 'docs/brief', 'docs/product-briefs', 'docs/product', 'briefs'];

/**
 * The outcome of a practice with no evidence in the repository (src/util/records.ts), its
 * failure finding coded `no-records`.
 */
export function absentOutcome(...args: Parameters<typeof recordsAbsentOutcome>): RuleOutcome {
  const outcome = recordsAbsentOutcome(...args);
  const what = args[1].what;
  const prefix = `No ${what}: add `;
  for (const finding of outcome.findings) {
    if (finding.code || !finding.message.startsWith(prefix) || !finding.message.endsWith('.')) continue;
    finding.code = 'no-records';
    finding.data = { what, add: finding.message.slice(prefix.length, -1) };
  }
  return outcome;
}
