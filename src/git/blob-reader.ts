import { OBJECT_ID, spawnGit, type GitOptions } from './run.ts';
import type { GitChild } from './spawner.ts';

/** A read of one object: its bytes, or why there are none. */
export type ObjectRead = { bytes: Buffer } | { missing: true } | { tooLarge: number };

interface PendingRead {
  oid: string;
  maxBytes: number;
  resolve: (value: ObjectRead) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` per repository: many object reads cost one process.
 * Requests are answered in the order they were written. An object over the caller's cap is
 * skipped as it streams past, never held in memory; chunks are joined once per object, so a
 * large object costs linear time.
 */
export class BlobReader {
  private child: GitChild | null = null;
  private pending: PendingRead[] = [];
  /** Object ids asked for and not yet written to git. */
  private queued: string[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes of the current object's body (and its newline) still to skip. */
  private skipping = 0;

  constructor(
    private readonly dir: string,
    private readonly options: GitOptions = {},
  ) {}

  /** Reads an object; `maxBytes` caps its size (default: no cap). */
  read(oid: string, maxBytes = Number.POSITIVE_INFINITY): Promise<ObjectRead> {
    if (!OBJECT_ID.test(oid)) return Promise.resolve({ missing: true });
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ oid, maxBytes, resolve, reject });
      this.queued.push(oid);
      // One write for all the reads asked for in this turn: a write each costs a system call each,
      // over a second for the tens of thousands of reads of a large repository's audit.
      if (this.queued.length === 1) queueMicrotask(() => this.flush(child));
    });
  }

  private flush(child: GitChild): void {
    if (!this.queued.length) return;
    const oids = this.queued.splice(0);
    if (this.child === child) child.stdin.write(`${oids.join('\n')}\n`);
  }

  close(): void {
    if (this.child) this.flush(this.child);
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): GitChild {
    if (this.child) return this.child;
    const child = spawnGit(this.dir, ['cat-file', '--batch'], this.options);
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.child !== child) return;
      this.take(chunk);
    });
    child.stdin.on('error', () => undefined);
    // A git that dies (a damaged repository, a missing object of a partial clone) fails the reads
    // in flight; the next read starts a new process.
    const fail = (error: Error) => {
      if (this.child !== child) return;
      this.child = null;
      this.chunks = [];
      this.buffered = 0;
      this.skipping = 0;
      this.current = null;
      this.queued = [];
      for (const p of this.pending.splice(0)) p.reject(error);
    };
    child.on('error', fail);
    child.on('close', (code) => {
      if (this.pending.length) fail(new Error(`git cat-file could not read an object (exit code ${code})`));
      else if (this.child === child) this.child = null;
    });
    this.child = child;
    return child;
  }

  private take(chunk: Buffer): void {
    if (this.skipping) {
      const skipped = Math.min(this.skipping, chunk.length);
      this.skipping -= skipped;
      chunk = chunk.subarray(skipped);
      if (!chunk.length) return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.drain();
  }

  /** The header of the object being received: where its body starts and its size. */
  private current: { start: number; size: number } | null = null;

  private drain(): void {
    for (;;) {
      const head = this.pending[0];
      if (!head || !this.buffered) return;
      if (!this.current) {
        let first = this.chunks[0]!;
        let newline = first.indexOf(10);
        // A header split across chunks: join them (headers are short, so this is rare and cheap).
        if (newline < 0 && this.chunks.length > 1) {
          first = this.join();
          newline = first.indexOf(10);
        }
        if (newline < 0) return;
        const header = first.subarray(0, newline).toString('utf8');
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          this.consume(newline + 1);
          this.pending.shift();
          head.resolve({ missing: true });
          continue;
        }
        const size = Number(header.slice(header.lastIndexOf(' ') + 1));
        if (size > head.maxBytes) {
          this.consume(newline + 1);
          this.pending.shift();
          head.resolve({ tooLarge: size });
          const available = Math.min(this.buffered, size + 1);
          this.consume(available);
          this.skipping = size + 1 - available;
          continue;
        }
        this.current = { start: newline + 1, size };
      }
      const { start, size } = this.current;
      const end = start + size;
      if (this.buffered < end + 1) return;
      const all = this.join();
      const bytes = Buffer.from(all.subarray(start, end));
      this.current = null;
      this.consume(end + 1);
      this.pending.shift();
      head.resolve({ bytes });
    }
  }

  /** Joins the buffered chunks into one (only when a whole object is there, or for a header). */
  private join(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }

  private consume(count: number): void {
    if (!count) return;
    const all = this.join().subarray(count);
    this.chunks = all.length ? [all] : [];
    this.buffered = all.length;
  }
}
