import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate a mistyped word most likely meant, or null when none is close: at most a third of
 * the word's letters (and at least two) edited. Without the cap every word has a "closest" name,
 * and `nope` would suggest `iac`.
 */
export function closeMatch(word: string, candidates: readonly string[]): string | null {
  if (!candidates.length) return null;
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/** The hint for an unknown rule id: the close one if there is one, else every id. */
export function unknownRuleHint(id: string, known: readonly string[]): string {
  const match = closeMatch(id, known);
  if (match) return `did you mean '${match}'? Run \`blueprint rules\` to list them`;
  return `the rules are ${known.join(', ')}; \`blueprint rules\` says what each checks`;
}
