import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { LINGUIST_COUNTED_FOLDERS, LINGUIST_SPEC } from '../../fixtures/linguist.ts';
import { findRule } from '../../rules/index.ts';
import { audit } from '../../src/index.ts';
import { runRule } from '../../src/testing/index.ts';
import { GENERATED } from '../../src/util/linguist/generated.ts';
import { GENERATED_CHECKS, LINGUIST_VERSION } from '../../src/util/linguist/data.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const now = new Date('2026-11-24T12:00:00Z');
const root = join(import.meta.dirname, '../..');

const installed = spawnSync('github-linguist', ['--version'], { encoding: 'utf8' });
const hasLinguist = installed.status === 0;
// The data is Linguist's of one release; another release may classify some files otherwise.
const sameLinguist = hasLinguist && installed.stdout.trim().endsWith(` ${LINGUIST_VERSION}`);
if (!hasLinguist) {
  console.log(
    'github-linguist is not installed (apt-get install ruby-github-linguist): the comparisons with Linguist itself are left out of this run.',
  );
} else if (!sameLinguist) {
  console.log(
    `github-linguist is ${installed.stdout.trim()}, and src/util/linguist/data.ts comes from Linguist ${LINGUIST_VERSION}: the comparisons with it are left out (regenerate the data with node scripts/write-linguist-data.js to move to that release).`,
  );
}

/** The rule on the spec in memory, or, given the folder it was built in, on that repository (to compare with github-linguist there). */
async function busFactor(spec: FixtureSpec, dir?: string) {
  const rule = dir
    ? (await audit({ targets: [dir], now, rules: ['bus-factor'] })).repos[0]!.rules[0]!
    : await runRule(findRule('bus-factor')!, spec, { now });
  const matrix = rule.metrics.matrix as Array<{ system: string; files: number }>;
  return { rule, folders: Object.fromEntries(matrix.map((row) => [row.system, row.files])) };
}

/** The files github-linguist counts at the repository's HEAD, by top-level folder ("." for the root). */
function linguistFolders(dir: string): Record<string, number> {
  const r = spawnSync('github-linguist', [dir, '--breakdown', '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const out: Record<string, number> = {};
  for (const { files } of Object.values(JSON.parse(r.stdout) as Record<string, { files: string[] }>)) {
    for (const file of files) {
      const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
      out[folder] = (out[folder] ?? 0) + 1;
    }
  }
  return out;
}

describe('bus-factor: the files that count are the files GitHub Linguist counts', () => {
  it('counts code only: not vendored, documentation, generated, data, prose, unknown, binary or empty files, links or submodules, with .gitattributes having the last word', async () => {
    const { rule, folders } = await busFactor(LINGUIST_SPEC);
    expect(folders).toEqual(Object.fromEntries(LINGUIST_COUNTED_FOLDERS.map((f) => [f, 1])));
    expect(rule.metrics.authorshipFiles).toBe(LINGUIST_COUNTED_FOLDERS.length);
  });

  it.skipIf(!sameLinguist)('agrees with github-linguist on every case', async () => {
    const dir = fx.build(LINGUIST_SPEC);
    const { rule, folders } = await busFactor(LINGUIST_SPEC, dir);
    const theirs = linguistFolders(dir);
    expect(folders).toEqual(theirs);
    expect(rule.metrics.authorshipFiles).toBe(Object.values(theirs).reduce((a, b) => a + b, 0));
  });

  it.skipIf(!sameLinguist)(
    `src/util/linguist/data.ts is what Linguist ${LINGUIST_VERSION} generates (run node scripts/write-linguist-data.js)`,
    () => {
      const r = spawnSync(process.execPath, [join(root, 'scripts/write-linguist-data.js'), '--check'], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
  );

  it("ports every one of generated.rb's checks", () => {
    expect(Object.keys(GENERATED)).toEqual([...GENERATED_CHECKS]);
  });
});
