/**
 * What blueprint's own partial clone lacks, shared by every view of it in one run (a trend's
 * points). A blob is the same object at every commit, so one `rev-list --missing=print` over the
 * points answers for all of them, and one fetch brings what any of them is likely to read: a
 * trend of twelve points made twelve listings and twelve round trips to the forge, one per point.
 */
export class PartialBlobs {
  /** Blobs the clone lacks, of every commit covered so far; a fetched one is taken out. */
  readonly missing = new Set<string>();
  /** Blobs a fetch gave up on because, alone, they came to more than the read cap. */
  readonly overCap = new Set<string>();
  private readonly covered = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Makes sure the missing blobs of `commits` are known, listing those not covered yet with one
   * `list` (it answers null when git could not tell); false when `commits[0]`'s could not be listed.
   */
  cover(commits: readonly string[], list: (commits: readonly string[]) => Promise<string[] | null>): Promise<boolean> {
    const next = this.queue.then(async () => {
      const own = commits[0]!;
      const wanted = commits.filter((c) => !this.covered.has(c));
      if (!wanted.length) return true;
      let listed = await list(wanted);
      let done = wanted;
      // One commit git cannot list (a damaged tree) leaves this one's answer as it would be alone.
      if (!listed && wanted.length > 1 && wanted.includes(own)) {
        listed = await list([own]);
        done = [own];
      }
      if (!listed) return this.covered.has(own);
      for (const oid of listed) this.missing.add(oid);
      for (const c of done) this.covered.add(c);
      return true;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
