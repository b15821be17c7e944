// An organisation of N repositories (default 500; BENCH_REPOS to change) on the loopback
// GitHub-compatible server: API requests per repository cold and warm, wall time at
// concurrency 8 and 16, and the audit's peak memory. Run: npm run bench:org
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { buildFixture, gitIn } from '../fixtures/builder.ts';
import { wellRun } from '../fixtures/repos.ts';
import { FakeGitHub } from '../test/servers/github.ts';

const REPOS = Number(process.env.BENCH_REPOS ?? 500);
const TOKEN = 'ghp_benchmark_token';
// BENCH_CONCURRENCY=8 (or 8,16) to time fewer runs.
// BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/p' to profile the audit process.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,16').split(',').map(Number);
const bin = join(import.meta.dirname, '..', 'bin', 'blueprint.js');

it(`audits an organisation of ${REPOS} repositories`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'blueprint-org-bench-'));
  // Every repository is served from one fixture: the cost measured is the tool's, not git's.
  const dir = buildFixture({ ...wellRun, bare: true }, join(work, 'fixture.git'));
  gitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const github = new FakeGitHub({
    tokens: [TOKEN],
    owners: [{ login: 'bench', type: 'Organization', teams: { core: ['ada', 'grace'] } }],
    repos: Array.from({ length: REPOS }, (_, i) => ({
      owner: 'bench',
      name: `service-${String(i).padStart(4, '0')}`,
      dir,
      pulls: [
        {
          number: 1,
          state: 'MERGED' as const,
          createdAt: '2026-11-01T00:00:00Z',
          firstCommitAt: '2026-10-31T00:00:00Z',
          mergedAt: '2026-11-02T00:00:00Z',
          headRefName: 'f',
        },
      ],
    })),
  });
  await github.start();
  const rows: string[] = [];
  for (const concurrency of CONCURRENCIES) {
    const cache = join(work, `cache-${concurrency}`);
    for (const phase of ['cold', 'warm'] as const) {
      github.requests.length = 0;
      const timed = existsSync('/usr/bin/time');
      const args = [
        ...NODE_ARGS,
        bin,
        'audit',
        '--org',
        'bench',
        '--github-url',
        github.url,
        '--concurrency',
        String(concurrency),
        '--now',
        '2026-11-24',
        '--format',
        'json',
        '--output',
        join(work, 'report.json'),
        '--quiet',
      ];
      const start = performance.now();
      const serverCpu = process.cpuUsage();
      // Asynchronously: the server answering the audit runs on this very event loop.
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(timed ? '/usr/bin/time' : process.execPath, timed ? ['-f', '%M %U %S', process.execPath, ...args] : args, {
          env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', GITHUB_TOKEN: TOKEN, XDG_CACHE_HOME: cache },
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      const seconds = (performance.now() - start) / 1000;
      const served = process.cpuUsage(serverCpu);
      if (r.status !== 0) throw new Error(`audit failed (${r.status}): ${r.stderr}`);
      const { total, notModified } = github.apiCounts();
      // /usr/bin/time's last line: peak RSS (KiB), then user and system CPU seconds (git's included).
      const [kib, user, system] = timed ? r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) : [];
      const rss = timed ? `${(kib! / 1024).toFixed(0)} MB, CPU ${(user! + system!).toFixed(1)} s` : 'n/a';
      rows.push(
        `  concurrency ${String(concurrency).padStart(2)}  ${phase}  ${seconds.toFixed(1).padStart(6)} s  ${String(total).padStart(5)} API requests (${notModified} were 304)  ${(total / REPOS).toFixed(3)} per repository  peak ${rss}, server CPU ${((served.user + served.system) / 1e6).toFixed(1)} s`,
      );
    }
  }
  await github.stop();
  rmSync(work, { recursive: true, force: true });
  console.log(
    `\nblueprint-audit organisation benchmark: ${REPOS} repositories on the loopback server, node ${process.version}\n${rows.join('\n')}\n  targets: <= 10 requests per repository cold, <= 2 warm\n`,
  );
});
