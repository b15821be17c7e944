import { spawnGit, type GitOptions } from './run.ts';

/** Bytes one fetch may receive before it is stopped and its objects are asked for in halves. */
const BATCH_BUDGET_BYTES = 16 * 1024 * 1024;
const UNITS: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const RECEIVED = /Receiving objects:[^\r\n,]*,\s*([\d.]+)\s*(bytes|KiB|MiB|GiB)/g;

export interface FetchedObjects {
  /** Objects now in the clone. */
  fetched: string[];
  /** Objects not fetched because, alone, they came to more than the budget: over the read cap. */
  overCap: string[];
}

/** One fetch of these objects, stopped as soon as git reports receiving more than `budget` bytes. */
function fetchWithin(
  root: string,
  remote: string,
  oids: readonly string[],
  budget: number,
  options: GitOptions,
): Promise<'ok' | 'over-budget' | 'failed'> {
  return new Promise((resolve) => {
    const child = spawnGit(
      root,
      [
        '-c',
        'fetch.negotiationAlgorithm=noop',
        'fetch',
        '--progress',
        '--no-tags',
        '--no-write-fetch-head',
        '--recurse-submodules=no',
        '--filter=blob:none',
        '--stdin',
        remote,
      ],
      options,
    );
    let overBudget = false;
    let tail = '';
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : null;
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      tail = text.slice(-200);
      for (const match of text.matchAll(RECEIVED)) {
        if (Number(match[1]) * (UNITS[match[2]!] ?? 1) > budget) {
          overBudget = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stdin.on('error', () => undefined);
    child.on('error', () => resolve('failed'));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve(overBudget ? 'over-budget' : code === 0 ? 'ok' : 'failed');
    });
    child.stdin.end(`${oids.join('\n')}\n`);
  });
}

/**
 * Fetches missing objects into blueprint's own partial clone without knowing their sizes (a
 * blobless clone cannot tell them): a request that comes to more than its budget is stopped and
 * split in halves, so one huge file costs a few bounded requests, and a file that alone exceeds
 * twice the read cap (plus slack for git's framing) is given up on as too large to read.
 */
export async function fetchObjects(
  root: string,
  remote: string,
  oids: readonly string[],
  readCap: number,
  options: GitOptions,
): Promise<FetchedObjects> {
  const result: FetchedObjects = { fetched: [], overCap: [] };
  const single = Math.max(2 * readCap, 64 * 1024);
  const pending: string[][] = [[...oids]];
  while (pending.length) {
    const batch = pending.pop()!;
    if (!batch.length) continue;
    const budget = batch.length === 1 ? single : Math.max(BATCH_BUDGET_BYTES, single);
    const outcome = await fetchWithin(root, remote, batch, budget, options);
    if (outcome === 'ok') result.fetched.push(...batch);
    else if (outcome === 'over-budget' && batch.length === 1) result.overCap.push(batch[0]!);
    else if (outcome === 'over-budget') {
      const half = Math.ceil(batch.length / 2);
      pending.push(batch.slice(half), batch.slice(0, half));
    }
    // A failed fetch (network, server) leaves its objects missing: they read as unreadable.
  }
  return result;
}
