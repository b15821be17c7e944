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
