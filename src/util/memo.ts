/** Caches the promise of each key, so concurrent callers share one computation. */
export function memoByKey<V>(compute: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = compute(key);
      cache.set(key, hit);
    }
    return hit;
  };
}

export function memo<V>(compute: () => Promise<V>): () => Promise<V> {
  let hit: Promise<V> | null = null;
  return () => (hit ??= compute());
}

/**
 * memoByKey that forgets the least recently used results once they weigh more than `maxWeight`
 * together (e.g. the characters of file contents read), so that a large repository's audit does
 * not keep every file it ever read; a forgotten result is computed again when asked for.
 */
export function boundedMemoByKey<V>(
  compute: (key: string) => Promise<V>,
  weigh: (value: V) => number,
  maxWeight: number,
): (key: string) => Promise<V> {
  const cache = new Map<string, { promise: Promise<V>; weight: number }>();
  let total = 0;
  const evict = () => {
    for (const [key, entry] of cache) {
      if (total <= maxWeight) break;
      if (entry.weight < 0) continue; // still being computed
      cache.delete(key);
      total -= entry.weight;
    }
  };
  return (key) => {
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.promise;
    }
    const entry = { promise: compute(key), weight: -1 };
    cache.set(key, entry);
    entry.promise.then(
      (value) => {
        if (cache.get(key) !== entry) return;
        entry.weight = weigh(value);
        total += entry.weight;
        evict();
      },
      () => undefined,
    );
    return entry.promise;
  };
}
