/**
 * A MinedHistory as bytes that depend on its content alone: strings as UTF-8 (V8's own serializer
 * writes a string one or two bytes a character depending on how it was made), hashes as 20 binary
 * bytes each. Smaller than the objects, quick to read back, and equal histories give equal bytes.
 */
import { deserialize, serialize } from 'node:v8';
import type { Identity, MinedHistory } from './types.ts';

export interface Packed {
  commit: string;
  identities: Buffer;
  names: Buffer;
  offsets: Int32Array;
  data: Int32Array;
  renames: Buffer;
  shas: Buffer;
  /** Hex digits of a commit id: 40 (SHA-1), or 64 in a SHA-256 repository. */
  hashHex: number;
  authorTime: Float64Array;
  commitTime: Float64Array;
  identity: Int32Array;
  parentStart: Int32Array;
  parentIndex: Int32Array;
  byHash: Int32Array;
}

const SEP = '\0';

function joinStrings(list: readonly string[]): Buffer {
  return Buffer.from(list.join(SEP), 'utf8');
}

function splitStrings(bytes: Buffer, count: number): string[] {
  return count ? bytes.toString('utf8').split(SEP) : [];
}

/** The history as plain data of bytes and typed arrays, as packHistory serializes it. */
export function packedHistory(history: MinedHistory): Packed {
  const { graph, paths } = history;
  const hashHex = graph.shas[0]?.length ?? 40;
  // Each id written in place: joining them first would make one string of the whole list.
  const width = hashHex / 2;
  const shas = Buffer.allocUnsafe(graph.shas.length * width);
  graph.shas.forEach((sha, i) => {
    if (sha.length !== hashHex || shas.write(sha, i * width, width, 'hex') !== width)
      throw new Error('history: the commit ids are not all hashes of one length');
  });
  const packed: Packed = {
    commit: history.commit,
    identities: joinStrings(history.identities.flatMap((i) => [i.name, i.email, i.rawName, i.rawEmail])),
    names: joinStrings(paths.names),
    offsets: paths.offsets,
    data: paths.data,
    renames: joinStrings(history.renames.flat()),
    shas,
    hashHex,
    authorTime: graph.authorTime,
    commitTime: graph.commitTime,
    identity: graph.identity,
    parentStart: graph.parentStart,
    parentIndex: graph.parentIndex,
    byHash: graph.byHash,
  };
  return packed;
}

export function packHistory(history: MinedHistory): Buffer {
  return serialize(packedHistory(history));
}

/** The history packed by packHistory, or null when the bytes are not one. */
export function unpackHistory(bytes: Buffer): MinedHistory | null {
  let p: unknown;
  try {
    p = deserialize(bytes);
  } catch {
    return null;
  }
  return historyFromPacked(p);
}

/** The history of data packedHistory made (read back by V8's deserializer), or null when it is not one. */
export function historyFromPacked(value: unknown): MinedHistory | null {
  const p = value as Packed;
  if (!p || typeof p.commit !== 'string' || !Buffer.isBuffer(p.shas) || !(p.offsets instanceof Int32Array) || !(p.hashHex > 0)) return null;
  const width = p.hashHex;
  const n = (p.shas.length * 2) / width;
  const hex = p.shas.toString('hex');
  const shas: string[] = new Array(n);
  for (let i = 0; i < n; i++) shas[i] = hex.slice(i * width, i * width + width);
  const fields = splitStrings(p.identities, p.identities.length);
  const identities: Identity[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4)
    identities.push({ name: fields[i]!, email: fields[i + 1]!, rawName: fields[i + 2]!, rawEmail: fields[i + 3]! });
  const names = splitStrings(p.names, p.offsets.length - 1);
  const flat = splitStrings(p.renames, p.renames.length);
  const renames: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) renames.push([flat[i]!, flat[i + 1]!]);
  if (names.length !== p.offsets.length - 1 || p.identity.length !== n) return null;
  return {
    commit: p.commit,
    identities,
    paths: { names, offsets: p.offsets, data: p.data },
    renames,
    graph: {
      shas,
      authorTime: p.authorTime,
      commitTime: p.commitTime,
      identity: p.identity,
      parentStart: p.parentStart,
      parentIndex: p.parentIndex,
      byHash: p.byHash,
    },
  };
}
