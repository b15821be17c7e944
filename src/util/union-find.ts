/**
 * Groups items that share a key, transitively (union-find with path halving): identities that
 * share an e-mail address or a name are one person, within a repository and across several.
 * Returns, for each item, the index of its group's first item, so the caller keeps its own order.
 */
export function groupBySharedKeys<T>(items: readonly T[], keysOf: (item: T) => Iterable<string>): number[] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const firstByKey = new Map<string, number>();
  items.forEach((item, i) => {
    for (const key of keysOf(item)) {
      const other = firstByKey.get(key);
      if (other === undefined) firstByKey.set(key, i);
      else {
        const [a, b] = [find(i), find(other)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  return items.map((_, i) => find(i));
}
