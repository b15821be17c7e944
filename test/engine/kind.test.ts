import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { audit } from '../../src/index.ts';
import { fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const now = new Date(NOW);
const day = '2026-11-01T00:00:00Z';
const one = (files: Record<string, string>): FixtureSpec => ({ commits: [{ date: day, files }] });

async function kindOf(spec: FixtureSpec) {
  const report = await audit({ targets: [fx.build(spec)], now, rules: ['iac', 'cost-alerts', 'ci-pipeline'], cache: false });
  return report.repos[0]!;
}

describe('the kind of project, from evidence', () => {
  it.each<[string, Record<string, string>, string | null]>([
    [
      'a published npm package is a library',
      { 'package.json': '{"name":"lib","main":"index.js"}', 'index.js': 'module.exports = 1;\n' },
      'library',
    ],
    [
      'a gem is a library, whatever its devcontainer holds',
      {
        'lib.gemspec': 'Gem::Specification.new\n',
        'lib/a.rb': '1\n',
        '.devcontainer/Dockerfile': 'FROM ruby\n',
        '.devcontainer/compose.yaml': 'services: {}\n',
      },
      'library',
    ],
    [
      'a Go main package at the top is a command, even with a Dockerfile',
      { 'go.mod': 'module x\n', 'main.go': 'package main\n', Dockerfile: 'FROM scratch\n' },
      'cli',
    ],
    ['a Makefile that installs programs is a command', { Makefile: 'bindir = $(prefix)/bin\n', 'git.c': 'int main(){}\n' }, 'cli'],
    ['a Rust binary crate is a command', { 'Cargo.toml': '[package]\nname = "x"\n', 'src/main.rs': 'fn main(){}\n' }, 'cli'],
    [
      'a Procfile deploys a service',
      { 'package.json': '{"name":"app","private":true}', Procfile: 'web: node server.js\n', 'server.js': '1\n' },
      'service',
    ],
    [
      'a Dockerfile at the top of an app is a service',
      { 'app.py': 'print(1)\n', 'requirements.txt': 'flask\n', Dockerfile: 'FROM python\n' },
      'service',
    ],
    [
      'a netlify.toml that publishes the docs is not a service',
      { 'package.json': '{"name":"tool","main":"i.js"}', 'i.js': '1\n', 'netlify.toml': '[build]\npublish = "docs/dist"\n' },
      'library',
    ],
    [
      'Terraform modules are infrastructure',
      { 'main.tf': 'resource "x" "y" {}\n', 'variables.tf': '\n', 'outputs.tf': '\n', 'README.md': '#\n' },
      'infrastructure',
    ],
    [
      'Terraform under testdata does not make infrastructure',
      {
        'go.mod': 'module x\n',
        'lib.go': 'package x\n',
        'testdata/a/main.tf': '\n',
        'testdata/b/main.tf': '\n',
        'testdata/c/main.tf': '\n',
      },
      'library',
    ],
    [
      'a book is docs',
      {
        'book.toml': '[book]\n',
        'src/ch1.md': '#\n',
        'src/ch2.md': '#\n',
        'listings/a/main.rs': 'fn main(){}\n',
        'listings/b/main.rs': 'fn main(){}\n',
      },
      'docs',
    ],
    ['nothing to tell from', { 'notes.bin': 'x' }, null],
  ])('%s', async (_name, files, expected) => {
    const repo = await kindOf(one(files));
    expect(repo.kind).toMatchObject({ kind: expected, source: 'detected' });
  });

  it('iac and cost-alerts are skipped for a library, saying why and how to override', async () => {
    const repo = await kindOf(one({ 'package.json': '{"name":"lib","main":"index.js"}', 'index.js': '1\n' }));
    const iac = repo.rules.find((r) => r.id === 'iac')!;
    expect(iac.status).toBe('skip');
    expect(iac.reason).toBe(
      'does not apply to a library project (detected from package.json; state `kind:` in blueprint.yml if that is wrong); it applies to service, infrastructure',
    );
    expect(repo.rules.find((r) => r.id === 'cost-alerts')!.status).toBe('skip');
    expect(repo.rules.find((r) => r.id === 'ci-pipeline')!.status).not.toBe('skip');
    expect(repo.complete).toBe(true);
  });

  it('blueprint.yml kind overrides the detection', async () => {
    const repo = await kindOf(one({ 'blueprint.yml': 'kind: service\n', 'package.json': '{"name":"lib","main":"index.js"}' }));
    expect(repo.kind).toEqual({ kind: 'service', source: 'blueprint', evidence: [] });
    expect(repo.rules.find((r) => r.id === 'iac')!.status).toBe('fail');
  });
});

describe('a dormant repository', () => {
  it('is said to be dormant when its audited commit is months older than the reference time', async () => {
    const report = await audit({
      targets: [fx.build(one({ 'a.txt': 'a\n' }))],
      now: new Date('2027-06-01T00:00:00Z'),
      rules: ['delivery'],
      cache: false,
    });
    const repo = report.repos[0]!;
    expect(repo.committedAt).toBe('2026-11-01T00:00:00.000Z');
    expect(repo.notes).toContainEqual(
      "Dormant: the audited commit is from 2026-11-01, 212 days before the reference time, so measures over recent windows (releases, merges, reviews in the last 90 days) describe that silence, not the project's usual pace; audit with --now 2026-11-01 to see it as it stood then.",
    );
    const fresh = await audit({ targets: [fx.build(one({ 'a.txt': 'a\n' }))], now, rules: ['delivery'], cache: false });
    expect(fresh.repos[0]!.notes.filter((n) => n.startsWith('Dormant'))).toEqual([]);
  });
});
