// bus-factor's CODEOWNERS and globs at the sizes and shapes real repositories throw at it.
import { describe, expect, it } from 'vitest';
import type { FixtureCommit } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');
const commit = (author: string, date: string, files: Record<string, string>): FixtureCommit => ({ author, date, files });

async function busFactor(files: Record<string, string>) {
  const repo = {
    commits: [commit('ada', '2026-01-01T00:00:00Z', files), commit('grace', '2026-01-02T00:00:00Z', { 'b.js': 'b' })],
  };
  return runRule(findRule('bus-factor')!, repo, { now });
}

const LONG = 'a'.repeat(100);
const STARS = '*a*a*a*a*a*a*a*b';

describe('bus-factor: globs that used to hang the run', () => {
  // Before: each of these backtracked for hours on the one long name (regex per glob).
  it('a CODEOWNERS line with many stars', { timeout: 60_000 }, async () => {
    const rule = await busFactor({ CODEOWNERS: `* @ada @grace\n${STARS} @alice\n`, [LONG]: 'x', 'a.js': 'a' });
    expect(rule.metrics).toMatchObject({ codeowners: 'CODEOWNERS', coverage: 1 });
  });

  it('systems: and critical-paths: globs with many stars', { timeout: 60_000 }, async () => {
    const rule = await busFactor({
      'blueprint.yml': `critical-paths: ["**/${STARS}"]\nsystems:\n  odd: "**/${STARS}"\n  all: "**"\n`,
      [`src/${LONG}.js`]: 'x',
      'a.js': 'a',
    });
    expect(rule.metrics.matrix).toMatchObject([
      { system: 'odd', files: 0 },
      { system: 'all', files: 3 },
    ]);
    expect(rule.findings).toContainEqual(expect.objectContaining({ message: `Critical path **/${STARS} matches no file.` }));
  });
});

describe('bus-factor: large CODEOWNERS files', () => {
  const padded = (bytes: number) => {
    const head = '* @ada @grace\n';
    return head + `#${'x'.repeat(bytes - head.length - 2)}\n`;
  };

  // Before: read under the audit's 1 MiB cap, it was "No CODEOWNERS file"; GitHub reads up to 3 MB.
  it('reads a CODEOWNERS file of 1.38 MB', async () => {
    const rule = await busFactor({ '.github/CODEOWNERS': padded(1_380_000), 'a.js': 'a' });
    expect(rule.metrics).toMatchObject({ codeowners: '.github/CODEOWNERS', coverage: 1, singleOwnerFiles: 0 });
    expect(rule.findings.map((f) => f.message)).not.toContainEqual(expect.stringMatching(/CODEOWNERS|not read/));
  });

  // Before: a file GitHub ignores for its size was reported as no file at all.
  it('says that GitHub ignores one of 3 MB or more, rather than that there is none', async () => {
    const rule = await busFactor({ '.github/CODEOWNERS': padded(3 * 1024 * 1024), 'a.js': 'a' });
    expect(rule.metrics).toMatchObject({ codeowners: null, coverage: 0 });
    const messages = rule.findings.map((f) => f.message);
    expect(messages).not.toContainEqual(expect.stringMatching(/^No CODEOWNERS file/));
    expect(rule.findings).toContainEqual({
      severity: 'warning',
      message:
        '.github/CODEOWNERS is 3.0 MB: GitHub ignores a CODEOWNERS file of 3 MB or more, so no file has code owners; cover folders with one pattern each instead of listing files to bring it under 3 MB.',
      path: '.github/CODEOWNERS',
      line: null,
      code: 'codeowners-too-large-none-used',
      data: { path: '.github/CODEOWNERS', size: '3.0 MB' },
    });
    const next = await busFactor({ '.github/CODEOWNERS': padded(3 * 1024 * 1024 + 10), CODEOWNERS: '* @root @other\n', 'a.js': 'a' });
    expect(next.metrics).toMatchObject({ codeowners: 'CODEOWNERS', coverage: 1 });
    expect(next.findings).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/^\.github\/CODEOWNERS is 3\.0 MB: .*, so CODEOWNERS is the one used;/) }),
    );
  });
});
