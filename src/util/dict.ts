/**
 * An empty record without a prototype, for maps keyed by strings a repository or a report file
 * controls (rule ids, targets): "__proto__" or "constructor" is then just a key, and writing
 * under it cannot reach Object.prototype.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The value stored under the key itself, never one inherited from Object.prototype. */
export function own<T>(map: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}
