import { beforeAll, describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { wellRun } from '../../fixtures/repos.ts';
import type { Report } from '../../src/index.ts';
import { FORMATS, render } from '../../src/reporters/index.ts';
import { renderPlan } from '../../src/plan/render.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { fixtureReport, HOSTILE } from './fixture-report.ts';

const fx = fixtures();

/** What must never reach a reader raw: C0 controls but tab and line feed, a CR not before LF, DEL, C1, bidi controls, line separators. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/u;
/** Characters XML 1.0 does not allow. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** Our own colours: SGR sequences only. */
const SGR = /\u001b\[[0-9;]*m/g;

function unsafeIn(text: string): string | null {
  const m = UNSAFE.exec(text);
  return m
    ? `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`
    : null;
}

let report: Report;
beforeAll(async () => {
  report = await fixtureReport(fx);
});

describe('repository text with escape sequences, C1 and bidi controls (fixture report)', () => {
  it.each(FORMATS.filter((f) => f !== 'json'))('%s lets none of them through', (format) => {
    const out = render(format, report);
    expect(unsafeIn(out)).toBeNull();
    if (format === 'junit') expect(NOT_XML.test(out)).toBe(false);
    // Shown, not dropped: the reader sees that something was there (Markdown and JSON escape the backslash).
    expect(out).toMatch(/docs\/\\{1,2}u202eevil\.md/);
    if (format !== 'csv') expect(out).toMatch(/Secret in \\{1,2}u202eexe\.txt\\{1,2}u202c: \\{1,2}u009b31mred\\{1,2}u007f/);
  });

  it('text in colour: the only escape sequences are our own colours', () => {
    const out = render('text', report, { colorLevel: 3 });
    expect(out).toMatch(SGR);
    expect(unsafeIn(out.replace(SGR, ''))).toBeNull();
  });

  it('the key-person table cuts the neutralised text, never a sequence in half', () => {
    const row = render('text', report)
      .split('\n')
      .find((l) => l.startsWith('        evil\\u001b[2Jdir'))!;
    expect(row).toBe(`        ${'evil\\u001b[2Jdir'.padEnd(16)} ${'\\u001b]8;;https://evil.'}… ${'—'.padEnd(24)} no`);
  });

  it('a lone carriage return is shown, not obeyed; CR LF row ends of the CSV stay', () => {
    expect(render('text', report)).toContain('note: Fetched from a mirror\\u000dOVERWRITTEN');
    expect(render('csv', report)).toMatch(/\r\n$/);
  });

  it('the plan (Markdown) lets none of them through', () => {
    const plan = renderPlan(report, { now: new Date(NOW) });
    expect(unsafeIn(plan)).toBeNull();
    expect(plan).toContain('evil\\\\u001b\\[2Jdir'); // md() escapes the backslash and the bracket
  });

  it('json keeps the raw data, and writes C1 and bidi characters as escapes', () => {
    const out = render('json', report);
    expect(JSON.parse(out)).toEqual(report);
    expect(unsafeIn(out)).toBeNull();
    expect(out).toContain('"message": "Secret in \\u202eexe.txt\\u202c: \\u009b31mred\\u007f"');
    expect(JSON.stringify(JSON.parse(out))).toContain(HOSTILE.message);
  });
});

describe('a real repository whose names carry escape sequences', () => {
  const person = 'Mallory \u001b]0;owned\u0007\u202eyrollaM';
  const spec: FixtureSpec = {
    authors: { mallory: { name: person, email: 'mallory@example.com' }, ada: { name: 'Ada Lovelace', email: 'ada@example.com' } },
    commits: [
      ...wellRun.commits.map((c) => ({ ...c, author: 'ada' })),
      {
        author: 'mallory',
        date: '2026-11-20T10:00:00Z',
        message: 'fix: \u001b[2J\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\',
        files: {
          'evil\u001b[2Jdir/main.ts': 'export const x = 1;\n',
          'evil\u001b[2Jdir/\u202eexe.ts': 'export const y = 2;\n',
          '.github/CODEOWNERS': '/src/ @ada\n/evil\u001b[2Jdir/ @mal\u001b[31mlory\u009b\n',
          'notes\r.md': '# notes\n',
        },
      },
    ],
  };
  let dir: string;
  beforeAll(() => {
    dir = fx.build(spec);
  });

  it.each(FORMATS.filter((f) => f !== 'json'))('--format %s lets none of them through', async (format) => {
    const r = await cli(['audit', dir, '--now', NOW, '--format', format]);
    expect(r.code, r.stderr).toBeLessThan(2);
    const out = r.stdout.replaceAll(dir, 'repo');
    expect(unsafeIn(out)).toBeNull();
    if (format === 'junit') expect(NOT_XML.test(out)).toBe(false);
  });

  it('in a colour terminal, the text report holds our colours and nothing else', async () => {
    const r = await cli(['audit', dir, '--now', NOW], { tty: true, env: { FORCE_COLOR: '3' } });
    expect(r.stdout).toMatch(SGR);
    expect(unsafeIn(r.stdout.replace(SGR, ''))).toBeNull();
    expect(r.stdout).toContain('evil\\u001b[2Jdir');
    // The key-person table cuts the name after it is neutralised, and keeps the date of the last change.
    expect(r.stdout).toMatch(/ {8}evil\\u001b\[2Jdir Mallory \\u00… 2026-11-20 /);
  });

  it('the JSON report keeps the names as they are', async () => {
    const r = await cli(['audit', dir, '--now', NOW, '--format', 'json']);
    expect(unsafeIn(r.stdout)).toBeNull();
    const busFactor = (JSON.parse(r.stdout) as Report).repos[0]!.rules.find((x) => x.id === 'bus-factor')!;
    expect(busFactor.metrics.matrix).toContainEqual(expect.objectContaining({ system: 'evil\u001b[2Jdir', primary: person }));
  });
});
