/** A binary max-heap by a numeric key: newest first, the order git walks history in. */
export class MaxHeap<T> {
  private items: T[] = [];
  constructor(private readonly key: (item: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let c = items.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (this.key(items[p]!) >= this.key(items[c]!)) break;
      [items[p], items[c]] = [items[c]!, items[p]!];
      c = p;
    }
  }

  pop(): T {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < items.length && this.key(items[l]!) > this.key(items[m]!)) m = l;
        if (r < items.length && this.key(items[r]!) > this.key(items[m]!)) m = r;
        if (m === p) break;
        [items[p], items[m]] = [items[m]!, items[p]!];
        p = m;
      }
    }
    return top;
  }
}
