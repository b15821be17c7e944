// Library calls in tests default to $XDG_CACHE_HOME like users' do: a new temporary folder for
// each test file (setup files run before every file, in a shared worker too), removed after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const cache = mkdtempSync(join(tmpdir(), 'blueprint-test-cache-'));
process.env.XDG_CACHE_HOME = cache;
afterAll(() => rmSync(cache, { recursive: true, force: true }));
