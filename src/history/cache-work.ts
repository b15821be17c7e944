/**
 * A tally of work tests cannot see from outside: the cache bookkeeping that visits many entries at
 * once (folder scans for the size bound, folder listings for cached ancestors), so that what one
 * write or one lookup visits is checked not to grow with the cache (an organisation audit would pay
 * the square); and what a trend's point did ahead for the next one or took from the one before.
 */
export interface CacheWork {
  /** Scans of the bounded folders (pruneCache), and the entries they visited. */
  scans: number;
  scanned: number;
  /** Listings of a folder for one repository's entries (cachedTips), and the names they read. */
  listings: number;
  listed: number;
  /** History entries read back from disk (each a whole history to check and unpack). */
  historiesRead: number;
  /** Walks of a trend's next commits started while the point before was judged, and taken by the next point. */
  segmentsTakenAhead: number;
  /** Trees of a trend's next point listed while the point before was judged, and taken by the next point. */
  treesTakenAhead: number;
  /** Walks from the branch tips for the commits only branches hold (not those cut from an earlier point's walk). */
  branchOnlyWalks: number;
  /** Commits between two trend points listed as soon as the later one was judged, before the attribution asked. */
  intervalsListedAhead: number;
  /** Files a trend's point read as the text a point before read, not from git. */
  fileTextsKept: number;
}

const work: CacheWork = {
  scans: 0,
  scanned: 0,
  listings: 0,
  listed: 0,
  historiesRead: 0,
  segmentsTakenAhead: 0,
  treesTakenAhead: 0,
  branchOnlyWalks: 0,
  intervalsListedAhead: 0,
  fileTextsKept: 0,
};

/** The tally since the process started (a copy). */
export function cacheWork(): CacheWork {
  return { ...work };
}

export function countScan(entries: number): void {
  work.scans++;
  work.scanned += entries;
}

export function countListing(names: number): void {
  work.listings++;
  work.listed += names;
}

export function countHistoryRead(): void {
  work.historiesRead++;
}

export function countSegmentsTakenAhead(): void {
  work.segmentsTakenAhead++;
}

export function countBranchOnlyWalk(): void {
  work.branchOnlyWalks++;
}

export function countTreeTakenAhead(): void {
  work.treesTakenAhead++;
}

export function countIntervalListedAhead(): void {
  work.intervalsListedAhead++;
}

export function countFileTextKept(): void {
  work.fileTextsKept++;
}
