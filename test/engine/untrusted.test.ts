/**
 * Repositories under audit are hostile: nothing in them runs, nothing outside them leaks into a
 * report, and what the audit could not see is said, never guessed (issue 12).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ENV, gitIn } from '../../fixtures/builder.ts';
import { GITHUB_WORKFLOW, wellRun } from '../../fixtures/repos.ts';
import { audit, type Rule } from '../../src/index.ts';
import { readCachedHistory } from '../../src/history/cache.ts';
import { cloneDir } from '../../src/sources/remote.ts';
import { redactUrl } from '../../src/sources/targets.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const now = new Date(NOW);
const day = '2026-11-01T00:00:00Z';

/** A trap script: running it leaves a canary file, which proves that something ran. */
function trap(): { script: string; canary: string } {
  const dir = fx.temp();
  const canary = join(dir, 'canary');
  const script = join(dir, 'trap.sh');
  writeFileSync(script, `#!/bin/sh\ntouch '${canary}'\nexit 1\n`);
  chmodSync(script, 0o755);
  return { script, canary };
}

/** A bare blobless clone of a fixture, as `git clone --filter=blob:none` leaves it. */
function partialClone(): string {
  const source = fx.build(wellRun);
  gitIn(source, ['config', 'uploadpack.allowFilter', 'true']);
  const clone = join(fx.temp(), 'partial.git');
  execFileSync('git', ['clone', '-q', '--bare', '--filter=blob:none', `file://${source}`, clone], { env: FIXTURE_ENV });
  return clone;
}

function packCount(gitDir: string): number {
  return readdirSync(join(gitDir, 'objects', 'pack')).length;
}

describe('a partial clone never fetches: its transport config cannot run', () => {
  const cases: Array<[string, (repo: string, script: string) => void]> = [
    ['remote.origin.uploadpack', (repo, script) => gitIn(repo, ['config', 'remote.origin.uploadpack', script])],
    [
      'core.sshCommand',
      (repo, script) => {
        gitIn(repo, ['config', 'remote.origin.url', 'ssh://git.invalid/repo.git']);
        gitIn(repo, ['config', 'core.sshCommand', script]);
      },
    ],
    [
      'core.gitProxy',
      (repo, script) => {
        gitIn(repo, ['config', 'remote.origin.url', 'git://git.invalid/repo.git']);
        gitIn(repo, ['config', 'core.gitProxy', script]);
      },
    ],
    [
      'an ext:: remote with protocol.allow always',
      (repo, script) => {
        gitIn(repo, ['config', 'remote.origin.url', `ext::${script}`]);
        gitIn(repo, ['config', 'protocol.allow', 'always']);
        gitIn(repo, ['config', 'protocol.ext.allow', 'always']);
      },
    ],
    [
      'uploadpack through include.path, with protocol.file.allow always',
      (repo, script) => {
        const included = join(repo, 'extra.config');
        writeFileSync(included, `[remote "origin"]\n\tuploadpack = ${script}\n[protocol "file"]\n\tallow = always\n`);
        gitIn(repo, ['config', 'include.path', included]);
      },
    ],
  ];

  it.each(cases)('%s', async (_name, plant) => {
    const repo = partialClone();
    const { script, canary } = trap();
    plant(repo, script);
    const packs = packCount(repo);
    const r = await cli(['audit', repo, '--now', NOW, '--format', 'json']);
    expect(existsSync(canary)).toBe(false);
    // Nothing was written into the audited repository.
    expect(packCount(repo)).toBe(packs);
    const report = JSON.parse(r.stdout);
    const ci = report.repos[0].rules.find((x: { id: string }) => x.id === 'ci-pipeline');
    // The workflow's contents are not in the clone: no verdict, and the audit says it is incomplete.
    expect(ci.status).toBe('error');
    expect(ci.reason).toMatch(/could not read \.github\/workflows\/ci\.yml \(its contents are not in this partial clone\)/);
    expect(report.repos[0].complete).toBe(false);
    expect(r.code).toBe(3);
    // The trap is real: plain git runs it when it reads a missing object.
    const oid = gitIn(repo, ['rev-parse', 'HEAD:.github/workflows/ci.yml']).trim();
    try {
      execFileSync('git', ['-C', repo, 'cat-file', '-p', oid], { env: FIXTURE_ENV, stdio: 'ignore' });
    } catch {
      // the trap exits 1
    }
    expect(existsSync(canary)).toBe(true);
  });
});

describe('configuration from a repository is data', () => {
  it('package.json `$import` and a .config meta-config in the working folder do not run', async () => {
    const { script, canary } = trap();
    const payload = `require('node:fs').writeFileSync(${JSON.stringify(canary)}, 'ran'); module.exports = {};\n`;
    const dir = fx.build({
      commits: [
        {
          date: day,
          files: {
            'package.json': JSON.stringify({ name: 'x', blueprint: { $import: './x.cjs' } }),
            'x.cjs': payload,
            '.config/config.cjs': payload,
            '.config/blueprintrc.cjs': payload,
          },
        },
      ],
    });
    void script;
    const r = await cli(['audit', '.', '--now', NOW, '--format', 'json'], { cwd: dir });
    expect(existsSync(canary)).toBe(false);
    // `$import` is not a blueprint key: the file is refused, naming the key.
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.json:\d+:\d+: unknown key '\$import'/);
  });
});

describe('ownership: the repository named is the one audited', () => {
  it.skipIf(process.getuid?.() !== 0)('a folder inside a repository another user owns is refused, as git refuses it', async () => {
    const outer = fx.build({ commits: [{ date: day, files: { 'README.md': '# outer\n', 'plain/a.txt': 'a\n' } }] });
    const walk = (path: string) => {
      chownSync(path, 65534, 65534);
      if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    };
    walk(outer);
    const r = await cli(['audit', join(outer, 'plain'), '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).repos[0].error).toMatch(/git refuses the repository that holds this folder: another user owns it/);
    // The repository itself, named by its top folder, is audited (CI checkouts owned by another user).
    const top = await cli(['audit', outer, '--now', NOW, '--format', 'json']);
    expect(JSON.parse(top.stdout).repos[0].status).toBe('ok');
  });

  it('GIT_CEILING_DIRECTORIES from the environment is honoured', async () => {
    const outer = fx.build({ commits: [{ date: day, files: { 'plain/a.txt': 'a\n' } }] });
    const saved = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = outer;
    try {
      const r = await cli(['audit', join(outer, 'plain'), '--now', NOW, '--format', 'json']);
      expect(JSON.parse(r.stdout).repos[0].error).toMatch(/not a git repository/);
    } finally {
      if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = saved;
    }
  });
});

describe('nothing outside the repository reaches a report', () => {
  it.each(['shallow', 'packed-refs'])('.git/%s linked to a file of secrets', async (name) => {
    const dir = fx.build(wellRun);
    const secret = join(fx.temp(), 'secret');
    writeFileSync(secret, 'SECRET-TOKEN-4242 is not a commit\n');
    rmSync(join(dir, '.git', name), { force: true });
    symlinkSync(secret, join(dir, '.git', name));
    const r = await cli(['audit', dir, '--now', NOW, '--format', 'json']);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/SECRET-TOKEN/);
    for (const format of ['text', 'markdown', 'csv', 'sarif', 'junit', 'html']) {
      const out = await cli(['audit', dir, '--now', NOW, '--format', format]);
      expect(`${out.stdout}${out.stderr}`).not.toMatch(/SECRET-TOKEN/);
    }
  });
});

describe('credentials', () => {
  it('redacts passwords holding @, user-only tokens and query strings', () => {
    expect(redactUrl('https://alice:p@ss@host.example/r.git')).toBe('https://alice:***@host.example/r.git');
    expect(redactUrl('https://ghp_secret@github.com/a/b.git')).toBe('https://***@github.com/a/b.git');
    expect(redactUrl('https://host.example/r.git?token=abc&x=1')).toBe('https://host.example/r.git?token=***&x=***');
    expect(redactUrl('ssh://git@host.example/r.git')).toBe('ssh://git@host.example/r.git');
  });

  it('a password in a URL target is never written into the clone cache, which is private', async () => {
    const source = fx.build(wellRun);
    gitIn(source, ['config', 'uploadpack.allowFilter', 'true']);
    const cache = fx.temp();
    // file:// ignores the credentials; what matters is where they end up.
    const url = `file://alice:p%40ss-SECRET@localhost${source}`;
    const r = await cli(['audit', url, '--now', NOW, '--format', 'json'], { env: { CI: 'true', XDG_CACHE_HOME: cache } });
    expect(r.stdout).not.toMatch(/SECRET/);
    const repos = join(cache, 'blueprint', 'repos');
    for (const name of readdirSync(repos)) {
      expect(readFileSync(join(repos, name, 'config'), 'utf8')).not.toMatch(/SECRET|alice/);
      expect(statSync(join(repos, name)).mode & 0o077).toBe(0);
    }
    expect(statSync(join(cache, 'blueprint')).mode & 0o077).toBe(0);
  });
});

describe('the cache is not a way in', () => {
  it('a planted clone whose config runs a program is rewritten before git reads it', async () => {
    const source = fx.build(wellRun);
    gitIn(source, ['config', 'uploadpack.allowFilter', 'true']);
    const cache = fx.temp();
    const url = `file://${source}`;
    const first = await cli(['audit', url, '--now', NOW, '--format', 'json'], { env: { CI: 'true', XDG_CACHE_HOME: cache } });
    expect(JSON.parse(first.stdout).repos[0].status).toBe('ok');
    const clone = cloneDir(join(cache, 'blueprint'), url);
    const { script, canary } = trap();
    writeFileSync(
      join(clone, 'config'),
      `[core]\n\tbare = true\n\trepositoryformatversion = 1\n[remote "origin"]\n\turl = ${url}\n\tuploadpack = ${script}\n\tpromisor = true\n[extensions]\n\tpartialClone = origin\n[include]\n\tpath = ${script}\n`,
    );
    const again = await cli(['audit', url, '--now', NOW, '--format', 'json'], { env: { CI: 'true', XDG_CACHE_HOME: cache } });
    expect(existsSync(canary)).toBe(false);
    expect(JSON.parse(again.stdout).repos[0].status).toBe('ok');
  });

  it('a history entry edited and re-hashed with sha256 is not trusted', async () => {
    const dir = fx.build(wellRun);
    const cache = fx.temp();
    const run = () =>
      cli(['audit', dir, '--now', NOW, '--rule', 'bus-factor', '--format', 'json'], { env: { CI: 'true', XDG_CACHE_HOME: cache } });
    const before = JSON.parse((await run()).stdout).repos[0].rules[0].metrics.truckFactor;
    const folder = join(cache, 'blueprint', 'history');
    const [file] = readdirSync(folder).filter((f) => f.endsWith('.bin'));
    const bytes = readFileSync(join(folder, file!));
    // Re-hash the payload as an unkeyed checksum would allow: the entry must still be refused.
    const { createHash } = await import('node:crypto');
    const payload = bytes.subarray(8 + 32);
    writeFileSync(join(folder, file!), Buffer.concat([bytes.subarray(0, 8), createHash('sha256').update(payload).digest(), payload]));
    expect(await readCachedHistory(join(cache, 'blueprint'), file!.slice(0, -4))).toBeNull();
    expect(JSON.parse((await run()).stdout).repos[0].rules[0].metrics.truckFactor).toBe(before);
    expect(statSync(join(cache, 'blueprint')).mode & 0o077).toBe(0);
  });
});

describe('bounded reads', () => {
  it('a branch whose commit has a 30 MB message is read without holding it', async () => {
    const dir = fx.build({
      commits: [
        { date: day, files: { 'README.md': '#\n' } },
        { date: '2026-11-20T00:00:00Z', branch: 'feature', files: { 'a.txt': 'a\n' }, message: `big\n\n${'x'.repeat(30 * 1024 * 1024)}\n` },
      ],
    });
    const report = await audit({ targets: [dir], now, rules: ['branch-lifetime'], cache: false });
    expect(report.repos[0]!.rules[0]!.metrics.activeBranches).toBe(1);
  }, 60_000);

  it("an object over the caller's cap is skipped as it streams, and the next read still works", async () => {
    const { BlobReader } = await import('../../src/git/blob-reader.ts');
    const dir = fx.build({ commits: [{ date: day, files: { 'big.txt': 'y'.repeat(20 * 1024 * 1024), 'small.txt': 'small\n' } }] });
    const big = gitIn(dir, ['rev-parse', 'HEAD:big.txt']).trim();
    const small = gitIn(dir, ['rev-parse', 'HEAD:small.txt']).trim();
    const reader = new BlobReader(dir);
    try {
      const [a, b, c] = await Promise.all([reader.read(big, 1024), reader.read(small, 1024), reader.read('0'.repeat(40), 1024)]);
      expect(a).toEqual({ tooLarge: 20 * 1024 * 1024 });
      expect(b).toEqual({ bytes: Buffer.from('small\n') });
      expect(c).toEqual({ missing: true });
    } finally {
      reader.close();
    }
  });

  it("in blueprint's own blobless clone, a file over the cap is reported as not read", async () => {
    const { randomBytes } = await import('node:crypto');
    const source = fx.build({
      commits: [
        { date: day, files: { 'STYLEGUIDE.md': `# Style\n${randomBytes(6 * 1024 * 1024).toString('base64')}\n`, 'README.md': '# r\n' } },
      ],
    });
    gitIn(source, ['config', 'uploadpack.allowFilter', 'true']);
    const report = await audit({
      targets: [`file://${source}`],
      now,
      rules: ['style-guide'],
      maxFileBytes: 64 * 1024,
      cacheDir: fx.temp(),
    });
    const rule = report.repos[0]!.rules[0]!;
    expect(rule.findings).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        path: 'STYLEGUIDE.md',
        code: 'file-over-read-cap',
        message: expect.stringMatching(/^STYLEGUIDE\.md was not read:( it is .*,)? over the 64 KiB read cap\.$/),
      }),
    );
    expect(report.repos[0]!.complete).toBe(true);
  }, 60_000);

  it('a blueprint.yml that is a FIFO is refused, not waited on', async () => {
    const dir = fx.build({ commits: [{ date: day, files: { 'README.md': '#\n' } }] });
    execFileSync('mkfifo', [join(dir, 'blueprint.yml')]);
    const r = await cli(['audit', dir, '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/blueprint\.yml: cannot read config file: it is not a regular file/);
  });

  it('a blueprint.yml linked to /dev/zero is refused', async () => {
    const dir = fx.build({ commits: [{ date: day, files: { 'README.md': '#\n' } }] });
    symlinkSync('/dev/zero', join(dir, 'blueprint.yml'));
    const r = await cli(['audit', dir, '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/blueprint\.yml: the config file is a link to a file outside the repository/);
  });

  it('a blueprint.yml over 1 MiB is refused in a work tree and in a bare clone alike', async () => {
    const big = `# ${'x'.repeat(1024 * 1024 + 10)}\nfail-under: 10\n`;
    for (const bare of [false, true]) {
      const dir = fx.build({ bare, commits: [{ date: day, files: { 'blueprint.yml': big } }] });
      const r = await cli(['audit', dir, '--now', NOW]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/blueprint\.yml.*over the 1 MiB limit/);
    }
  });

  it('--config over 1 MiB is refused', async () => {
    const file = join(fx.temp(), 'big.yml');
    writeFileSync(file, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const r = await cli(['audit', fx.build(wellRun), '--now', NOW, '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/over the 1 MiB limit/);
  });
});

/** Unpacks every object of the repository but `oid`, so that it is damaged exactly there. */
function removeObject(dir: string, oid: string): void {
  gitIn(dir, ['repack', '-a', '-d', '-q']);
  const packDir = join(dir, '.git', 'objects', 'pack');
  const pack = readdirSync(packDir).find((f) => f.endsWith('.pack'))!;
  const data = readFileSync(join(packDir, pack));
  for (const f of readdirSync(packDir)) rmSync(join(packDir, f));
  gitIn(dir, ['unpack-objects', '-q'], data);
  rmSync(join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
}

describe('honest verdicts', () => {
  it('a workflow whose object is missing makes ci-pipeline an error, never "does not run tests"', async () => {
    const dir = fx.build(wellRun);
    const oid = gitIn(dir, ['rev-parse', 'HEAD:.github/workflows/ci.yml']).trim();
    removeObject(dir, oid);
    const r = await cli(['audit', dir, '--now', NOW, '--format', 'json']);
    const repo = JSON.parse(r.stdout).repos[0];
    const ci = repo.rules.find((x: { id: string }) => x.id === 'ci-pipeline');
    expect(ci).toMatchObject({ status: 'error', score: null, findings: [] });
    expect(ci.reason).toMatch(/could not read \.github\/workflows\/ci\.yml \(its object is missing from the repository\)/);
    expect(repo.complete).toBe(false);
    expect(repo.incomplete).toContainEqual(expect.stringMatching(/^ci-pipeline: could not read/));
    expect(r.code).toBe(3);
  });

  it("a history git cannot read makes the history rules errors, in blueprint's words, never git's", async () => {
    const dir = fx.build(wellRun);
    // The first commit's tree: the walk of the history needs it, nothing else does.
    const first = gitIn(dir, ['rev-list', '--max-parents=0', 'HEAD']).trim().split('\n')[0]!;
    const oid = gitIn(dir, ['rev-parse', `${first}^{tree}`]).trim();
    removeObject(dir, oid);
    for (const jobs of ['1', '2']) {
      const r = await cli(['audit', dir, '--now', NOW, '--format', 'json', '--no-cache'], { env: { BLUEPRINT_HISTORY_JOBS: jobs } });
      const repo = JSON.parse(r.stdout).repos[0];
      const history = repo.rules.filter((x: { id: string }) => ['bus-factor', 'branch-lifetime', 'delivery'].includes(x.id));
      expect(history.length, jobs).toBe(3);
      for (const rule of history) {
        expect(rule, `${rule.id} with ${jobs} jobs`).toMatchObject({ status: 'error', score: null });
        expect(rule.reason).toMatch(/the repository is damaged: an object git needs is missing or corrupt/);
        expect(rule.reason).not.toMatch(/fatal|unable to read|[0-9a-f]{40}/);
      }
      expect(repo.complete).toBe(false);
      expect(r.code).toBe(3);
    }
  });

  it('an errored rule makes the audit incomplete: exit 3, and --fail-under does not pass', async () => {
    const broken: Rule<Record<string, never>> = {
      meta: {
        id: 'broken',
        pillar: 'speed',
        description: 'throws',
        risk: 'high',
        needs: ['files'],
        options: (await import('zod')).z.object({}) as never,
        remediation: 'none',
      },
      evaluate: async () => {
        throw new Error('boom');
      },
    };
    const { RULES } = await import('../../rules/index.ts');
    const report = await audit({ targets: [fx.build(wellRun)], now, ruleSet: [...RULES, broken], failUnder: 10, cache: false });
    const repo = report.repos[0]!;
    expect(repo.score).toBe(100);
    expect(repo.complete).toBe(false);
    expect(repo.incomplete).toEqual(['broken: rule failed: boom']);
    expect(repo.gate.passed).toBe(false);
    expect(report.summary.incomplete).toBe(1);
    const { exitCodeFor } = await import('../../src/exit-codes.ts');
    expect(exitCodeFor(report)).toBe(3);
  });

  it('a shallow clone: history rules skip with the fix, the audit is incomplete, exit 3', async () => {
    const dir = fx.build({ ...wellRun, shallow: true });
    const r = await cli(['audit', dir, '--now', NOW, '--format', 'json', '--fail-under', '10']);
    const repo = JSON.parse(r.stdout).repos[0];
    const bus = repo.rules.find((x: { id: string }) => x.id === 'bus-factor');
    expect(bus.status).toBe('skip');
    expect(bus.reason).toMatch(/shallow.*fetch-depth: 0/);
    expect(bus.metrics.truckFactor).toBeUndefined();
    expect(repo.rules.find((x: { id: string }) => x.id === 'branch-lifetime').status).toBe('skip');
    expect(repo.complete).toBe(false);
    expect(repo.gate.passed).toBe(false);
    expect(r.code).toBe(3);
    const text = await cli(['audit', dir, '--now', NOW]);
    expect(text.stdout).not.toMatch(/Truck factor 0/);
  });

  it('a gate with nothing to measure fails, saying why', async () => {
    const dir = fx.build({ commits: [{ date: day, files: { 'README.md': '#\n' } }] });
    const r = await cli(['audit', dir, '--now', NOW, '--rule', 'process-reviews', '--fail-under', '50', '--format', 'json']);
    const repo = JSON.parse(r.stdout).repos[0];
    expect(repo.score).toBeNull();
    expect(repo.gate).toMatchObject({ passed: false, failures: [expect.stringMatching(/no rule produced a score/)] });
    expect(r.code).toBe(1);
  });
});

describe('report contract', () => {
  it('ci-pipeline providers and iac tools are sorted', async () => {
    const dir = fx.build({
      commits: [
        {
          date: day,
          files: {
            '.travis.yml': 'script: npm test\n',
            '.github/workflows/ci.yml': GITHUB_WORKFLOW,
            '.circleci/config.yml': 'version: 2.1\njobs:\n  test:\n    steps:\n      - run: npm test\n',
            'Pulumi.yaml': 'name: x\nruntime: nodejs\n',
            'main.tf': 'resource "aws_s3_bucket" "b" {}\n',
            'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
            'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\n',
          },
        },
      ],
    });
    const report = await audit({ targets: [dir], now, rules: ['ci-pipeline', 'iac'], cache: false });
    const [ci, iac] = report.repos[0]!.rules;
    const providers = ci!.metrics.providers as string[];
    const tools = iac!.metrics.tools as string[];
    expect(providers.length).toBeGreaterThan(1);
    expect(tools.length).toBeGreaterThan(1);
    expect(providers).toEqual([...providers].sort());
    expect(tools).toEqual([...tools].sort());
  });
});

void mkdirSync;

describe('--github-url', () => {
  it('refuses credentials in the URL instead of printing them later', async () => {
    const r = await cli(['audit', 'github:acme/api', '--github-url', 'https://bob:hunter2-SECRET@ghe.example.com', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--github-url https:\/\/bob:\*\*\*@ghe\.example\.com carries credentials/);
    expect(r.stdout + r.stderr).not.toMatch(/SECRET/);
  });
});

describe('the terminal', () => {
  it('targets and messages on stderr are neutralised: progress lines and error lines', async () => {
    const list = join(fx.temp(), 'repos.txt');
    const hostile = '/no/such/\u001b]0;pwned\u0007\u001b[2J';
    writeFileSync(list, `${hostile}\n${fx.build(wellRun)}\n`);
    const r = await cli(['audit', '--repos-file', list, '--now', NOW, '--format', 'json']);
    expect(r.stderr).not.toMatch(/\u001b|\u0007/);
    expect(r.stderr).toContain('\\u001b]0;pwned\\u0007');
    const one = await cli(['audit', 'github:acme/x', '--github-url', 'https://u:p@\u001b[2J.example', '--now', NOW]);
    expect(one.stderr).not.toMatch(/\u001b/);
  });
});
