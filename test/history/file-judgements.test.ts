import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FixtureSpec, gitIn } from '../../fixtures/builder.ts';
import { readEntry } from '../../src/history/cache.ts';
import { openLocalRepo } from '../../src/sources/local.ts';
import { RepoMemo } from '../../src/sources/repo-memo.ts';
import type { RepoView } from '../../src/types.ts';
import { linguistVerdicts } from '../../src/util/linguist/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T00:00:00Z`;

const SPEC: FixtureSpec = {
  commits: [
    {
      date: day(1),
      files: {
        'src/app.js': 'export const a = 1;\n',
        'lib/helper.js': 'module.exports = 2;\n',
        'lib/other.js': 'module.exports = 3;\n',
        'tools/run': '#!/usr/bin/env python3\nprint(1)\n',
        'notes.inc': '<?php echo 1; ?>\n',
        'data.json': '{}\n',
        'test/app.test.js': 'test("a", () => {});\n',
        '.gitattributes': 'lib/*.js linguist-vendored\n',
      },
      message: 'Start',
      tag: 'v1',
    },
    { date: day(2), files: { 'src/app.js': 'export const a = 2;\n', 'src/more.py': 'x = 1\n' }, message: 'More', tag: 'v2' },
    {
      date: day(3),
      files: { '.gitattributes': 'lib/helper.js linguist-vendored\nsrc/more.py linguist-generated\n' },
      message: 'Attributes',
      tag: 'v3',
    },
    { date: day(4), files: { 'tools/run': '#!/bin/sh\necho 1\n', 'lib/other.js': null }, message: 'Shell', tag: 'v4' },
  ],
};

/** The verdicts at `ref`, and every path the classification read or looked up. */
async function verdictsAt(dir: string, ref: string, cacheDir: string | null, memo?: RepoMemo) {
  const opened = await openLocalRepo(dir, { ref, cacheDir, memo });
  try {
    const touched = new Set<string>();
    const view: RepoView = {
      ...opened.view,
      readFile: (path, options) => (touched.add(path), opened.view.readFile(path, options)),
      readText: (path, options) => (touched.add(path), opened.view.readText(path, options)),
      has: (path) => (touched.add(path), opened.view.has(path)),
    };
    const verdicts = await linguistVerdicts(view, await view.files());
    await view.lastChanged('src/app.js');
    return { verdicts: [...verdicts], touched: [...touched].sort() };
  } finally {
    opened.close();
  }
}

describe('Linguist verdicts kept in the cache', () => {
  const dir = fx.build(SPEC);

  it('equal verdicts judged afresh, commit after commit and when .gitattributes change, with the same files read', async () => {
    const cacheDir = fx.temp();
    for (const ref of ['v1', 'v1', 'v2', 'v3', 'v2', 'v4', 'v4']) {
      const fresh = await verdictsAt(dir, ref, null);
      expect(await verdictsAt(dir, ref, cacheDir)).toEqual(fresh);
    }
    expect(readdirSync(join(cacheDir, 'queries')).filter((f) => f.includes('-judged-'))).toHaveLength(1);
  });

  it('a trend’s points share their verdicts: only the points whose history is written write them, the newest with all', async () => {
    const spec = { ...SPEC, commits: [...SPEC.commits, { date: day(5), files: {}, message: 'Nothing changes', tag: 'v5' }] };
    const repo = fx.build(spec);
    const sha = (ref: string) => gitIn(repo, ['rev-parse', ref]).trim();
    const judged = (cacheDir: string) =>
      join(cacheDir, 'queries', readdirSync(join(cacheDir, 'queries')).find((f) => f.includes('-judged-'))!);
    const order = ['v1', 'v2', 'v4', 'v5'];
    // One audit after another, each writing what it judged…
    const alone = fx.temp();
    for (const ref of order) await verdictsAt(repo, ref, alone);
    // …against a trend's points: the oldest and the newest written. v5 judges nothing of its own
    // (its tree is v4's), and still writes what v2 and v4 judged.
    const shared = fx.temp();
    const memo = new RepoMemo();
    memo.writeHistoriesOf([sha('v1'), sha('v5')]);
    // (A read stamps the entry's time: its contents tell whether a point wrote it.)
    let written = '';
    for (const ref of order) {
      const fresh = await verdictsAt(repo, ref, null);
      expect((await verdictsAt(repo, ref, shared, memo)).verdicts, ref).toEqual(fresh.verdicts);
      const stamp = readFileSync(judged(shared)).toString('base64');
      if (ref === 'v2' || ref === 'v4') expect(stamp, `${ref} wrote`).toBe(written);
      written = stamp;
    }
    // Entries are signed with each cache's own key: their contents are compared.
    const contents = (cacheDir: string) => readEntry(cacheDir, 'queries', basename(judged(cacheDir), '.bin'));
    expect(await contents(shared)).toEqual(await contents(alone));
    const lastChanged = (dir: string) => readdirSync(join(dir, 'queries')).filter((f) => f.endsWith('-last-changed.bin')).length;
    expect(lastChanged(alone)).toBe(4);
    expect(lastChanged(shared)).toBe(2);
  });

  it('a changed .gitattributes invalidates the kept verdicts', async () => {
    const cacheDir = fx.temp();
    const at = async (ref: string) => new Map((await verdictsAt(dir, ref, cacheDir)).verdicts);
    expect((await at('v2')).get('lib/other.js')?.reason).toBe('vendored');
    expect((await at('v2')).get('src/more.py')?.counts).toBe(true);
    const v3 = await at('v3');
    expect(v3.get('lib/other.js')).toMatchObject({ counts: true, reason: null });
    expect(v3.get('lib/helper.js')?.reason).toBe('vendored');
    expect(v3.get('src/more.py')).toMatchObject({ counts: false, reason: 'generated' });
    expect((await at('v4')).get('tools/run')?.language).toBe('Shell');
  });

  it('two rules asking at once judge each file once, each given the verdicts and lookups of judging alone', async () => {
    for (const cacheDir of [null, fx.temp()]) {
      const alone = await verdictsAt(dir, 'v4', null);
      const opened = await openLocalRepo(dir, { ref: 'v4', cacheDir });
      try {
        const reads: string[] = [];
        const ruleView = () => {
          const touched = new Set<string>();
          const view: RepoView = {
            ...opened.view,
            readFile: (path, options) => (touched.add(path), reads.push(path), opened.view.readFile(path, options)),
            readText: (path, options) => (touched.add(path), opened.view.readText(path, options)),
            has: (path) => (touched.add(path), opened.view.has(path)),
          };
          return { view, touched };
        };
        const rules = [ruleView(), ruleView()];
        const files = await opened.view.files();
        const verdicts = await Promise.all(rules.map(({ view }) => linguistVerdicts(view, files)));
        for (const [i, { touched }] of rules.entries()) {
          expect([...verdicts[i]!]).toEqual(alone.verdicts);
          expect([...touched].sort()).toEqual(alone.touched);
        }
        expect(reads.length).toBe(new Set(reads).size);
      } finally {
        opened.close();
      }
    }
  });

  it('cached and uncached audits give identical reports', async () => {
    const cacheHome = fx.temp();
    const audit = (ref: string, extra: string[] = []) =>
      cli(['audit', dir, '--now', NOW, '--ref', ref, '--format', 'json', ...extra], { env: { CI: 'true', XDG_CACHE_HOME: cacheHome } });
    const strip = (stdout: string) => {
      const report = JSON.parse(stdout);
      delete report.generatedAt;
      return report;
    };
    for (const ref of ['v2', 'v2', 'v3', 'v4']) {
      const cached = strip((await audit(ref)).stdout);
      expect(cached).toEqual(strip((await audit(ref, ['--no-cache'])).stdout));
    }
  });
});
