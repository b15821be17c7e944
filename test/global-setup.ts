// The suite's temporary files live in a folder of their own, on a memory file system where the
// machine has one. Tests create and delete some hundred thousand files; on ext4 every new file
// looks for a free inode past the ones deleted moments before (ext4's recently_deleted), which
// cost about a sixth of the whole suite's CPU on a 2-core machine. Everything the suite leaves
// behind (a test's folder it did not remove, a CLI cache) goes with the folder at the end.
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MEMORY = '/dev/shm';

function memoryFileSystem(): string | null {
  try {
    if (!statSync(MEMORY).isDirectory()) return null;
    accessSync(MEMORY, constants.W_OK | constants.X_OK);
    return MEMORY;
  } catch {
    return null;
  }
}

export default function setup(): () => void {
  const parent = process.env.BLUEPRINT_TEST_TMPDIR ?? memoryFileSystem() ?? tmpdir();
  const dir = mkdtempSync(join(parent, 'blueprint-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
