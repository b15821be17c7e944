import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit, type Report } from '../../src/index.ts';
import { nameFromRemote, nameFromTarget } from '../../src/engine/repo-name.ts';
import { render } from '../../src/reporters/index.ts';
import { codeFingerprint } from '../../src/reporters/sarif.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { fixtureReport } from './fixture-report.ts';

const fx = fixtures();

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

const tracked = (dir: string) => execFileSync('git', ['-C', dir, 'ls-files'], { encoding: 'utf8' }).trim().split('\n');

/** express spells its README `Readme.md`, and has no CI, tests, CODEOWNERS or IaC to point at. */
const expressLike = {
  commits: [
    {
      date: '2026-06-01T10:00:00Z',
      files: { 'Readme.md': '# express-like\n', 'index.js': 'module.exports = 1;\n', 'lib/router.js': '1;\n' },
    },
  ],
};

describe('SARIF locations exist at the audited commit', () => {
  it('anchors findings without a file at the README as the repository spells it', async () => {
    const dir = fx.build(expressLike);
    const report = await audit({ targets: [dir], now: new Date(NOW) });
    expect(report.repos[0]!.anchor).toBe('Readme.md');
    const results = JSON.parse(render('sarif', report)).runs[0].results as SarifResult[];
    expect(results.length).toBeGreaterThan(0);
    const files = tracked(dir);
    const uris = new Set(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    for (const uri of uris) expect(files, uri).toContain(decodeURIComponent(uri));
    expect(uris).toContain('Readme.md');
    expect(uris).not.toContain('README.md');
  });

  it('prefers the README GitHub shows (.github/, then the top, then docs/), else the first tracked file', async () => {
    const one = (files: Record<string, string>) => ({ commits: [{ date: '2026-06-01T10:00:00Z', files }] });
    const dirs = [
      fx.build(one({ 'docs/README.md': '# d\n', '.github/README.md': '# g\n', 'README.rst': 'r\n' })),
      fx.build(one({ 'docs/readme.md': '# d\n', 'README.txt': 't\n', 'README.md': '# m\n' })),
      fx.build(one({ 'docs/Readme.markdown': '# d\n', 'a.txt': '1\n' })),
      fx.build(one({ 'src/main.go': 'package main\n', 'go.mod': 'module x\n' })),
    ];
    const report = await audit({ targets: dirs, now: new Date(NOW) });
    expect(report.repos.map((r) => r.anchor)).toEqual(['.github/README.md', 'README.md', 'docs/Readme.markdown', 'go.mod']);
  });

  it('a report written before anchors existed keeps the documented fallback', async () => {
    const report = structuredClone(await fixtureReport(fx));
    for (const r of report.repos) delete r.anchor;
    const run = JSON.parse(render('sarif', report)).runs.find(
      (r: { properties: { target: string } }) => r.properties.target === 'legacy=tool',
    );
    expect(run.results.some((r: SarifResult) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'README.md')).toBe(true);
  });
});

describe('SARIF: one result per kind of finding, fingerprinted by rule, code and path', () => {
  let report: Report;
  beforeAll(async () => {
    report = structuredClone(await fixtureReport(fx));
    const repo = report.repos.find((r) => r.target === 'payments|api')!;
    repo.anchor = 'README.md';
    // branch-lifetime names no file of its own: its findings go to the README.
    const rule = repo.rules.find((r) => r.id === 'branch-lifetime')!;
    rule.status = 'warn';
    for (let i = 0; i < 40; i++)
      rule.findings.push({
        severity: 'warning',
        code: 'stale-branch',
        data: { branch: `feature/${i}`, days: 10 + i },
        message: `Branch 'feature/${i}' has lived ${10 + i} days without being merged (limit 2).`,
        path: null,
        line: null,
      });
    rule.findings.push({ severity: 'error', code: 'state-file', message: 'State committed.', path: 'infra/a.tfstate', line: null });
    rule.findings.push({ severity: 'error', code: 'state-file', message: 'State committed.', path: 'infra/b.tfstate', line: null });
  });

  const runOf = (r: Report) =>
    JSON.parse(render('sarif', r)).runs.find((x: { properties: { target: string } }) => x.properties.target === 'payments|api') as {
      results: SarifResult[];
    };

  it('forty stale branches are one result that names the first few and counts the rest', () => {
    const stale = runOf(report).results.filter((r) => r.properties.code === 'stale-branch');
    expect(stale).toHaveLength(1);
    expect(stale[0]!.message.text).toMatch(
      /^40 findings of this kind\. Branch 'feature\/0' has lived 10 days .* Branch 'feature\/2' .* And 37 more \(the JSON report lists them all\)\.$/,
    );
    expect(stale[0]!.properties.findings).toBe(40);
    expect(stale[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('README.md');
    expect(stale[0]!.partialFingerprints).toEqual({
      'blueprintFinding/v2': codeFingerprint('branch-lifetime', 'stale-branch', 'README.md'),
    });
    // The same kind at two files is two results, one at each file.
    const state = runOf(report).results.filter((r) => r.properties.code === 'state-file');
    expect(state.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['infra/a.tfstate', 'infra/b.tfstate']);
  });

  it('rewording every message, changing every count or naming the target differently changes no fingerprint', () => {
    const reworded = structuredClone(report);
    const repo = reworded.repos.find((r) => r.target === 'payments|api')!;
    for (const rule of repo.rules)
      for (const f of rule.findings) if (f.code) f.message = `Reworded: ${f.message.replace(/\d+/g, '99')} (${f.code})`;
    const coded = (r: Report) =>
      runOf(r)
        .results.filter((x) => x.properties.code)
        .map((x) => x.partialFingerprints);
    expect(coded(reworded)).toEqual(coded(report));
    // Every finding carries a code now that every rule has meta.messages.
    expect(coded(report).length).toBeGreaterThanOrEqual(3);
  });

  it('findings without a code keep the fingerprint of the message, as before codes', () => {
    const results = runOf(report).results.filter((r) => !r.properties.code);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(Object.keys(r.partialFingerprints)).toEqual(['blueprintFinding/v1']);
  });
});

describe('names', () => {
  it('come from a hosted remote, a GitHub target or the folder, never "." or an absolute path', () => {
    expect(nameFromRemote('https://github.com/expressjs/express.git')).toBe('expressjs/express');
    expect(nameFromRemote('git@github.com:hashicorp/terraform.git')).toBe('hashicorp/terraform');
    expect(nameFromRemote('ssh://git@gitlab.example/group/sub/api.git')).toBe('group/sub/api');
    expect(nameFromRemote('https://x-access-token:secret@github.com/acme/shop?x=1')).toBe('acme/shop');
    expect(nameFromRemote('/srv/git/shop.git')).toBeNull();
    expect(nameFromRemote('file:///srv/git/shop.git')).toBeNull();
    expect(nameFromTarget('github:acme/shop')).toBe('acme/shop');
    expect(nameFromTarget('/home/ci/work/shop/')).toBe('shop');
    expect(nameFromTarget('/srv/git/shop.git')).toBe('shop');
    expect(nameFromTarget('.', '/home/ci/work/ledger')).toBe('ledger');
  });

  it('auditing "." names the repository by its origin remote in every format for people, and JSON keeps the target as given', async () => {
    const dir = fx.build(expressLike);
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'https://github.com/expressjs/express.git']);
    const json = JSON.parse((await cli(['audit', '.', '--now', NOW, '--format', 'json'], { cwd: dir })).stdout) as Report;
    expect(json.repos[0]).toMatchObject({ target: '.', name: 'expressjs/express', path: expect.stringContaining(basename(dir)) });
    expect(json.summary.ranking[0]!.name).toBe('expressjs/express');
    for (const format of ['text', 'markdown', 'html', 'junit'] as const) {
      const out = render(format, json);
      expect(out, format).toContain('expressjs/express');
      expect(out, format).not.toContain(dir);
    }
    expect(render('text', json)).not.toMatch(/^\. /m);
  });

  it('a folder without a remote is named by the folder, and two repositories of the same name are told apart', async () => {
    const built = fx.build(expressLike);
    const [a, b] = [join(fx.temp(), 'api'), join(fx.temp(), 'api')];
    cpSync(built, a!, { recursive: true });
    cpSync(built, b!, { recursive: true });
    const report = await audit({ targets: [a!, b!], now: new Date(NOW) });
    expect(report.repos.map((r) => r.name)).toEqual(['api', 'api']);
    const text = render('text', report);
    expect(text).toContain(`api (${a})`);
    expect(text).toContain(`api (${b})`);
  });
});
