import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bare, wellRun } from '../../fixtures/repos.ts';
import { fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const BIN = join(import.meta.dirname, '../../bin/blueprint.js');

function blueprint(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...env },
    cwd,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built bin, spawned as a user runs it (needs `npm run build`)', () => {
  it('is built, and bundled', () => {
    expect(existsSync(join(import.meta.dirname, '../../dist/src/cli/main.js')), 'run `npm run build` first').toBe(true);
    // What bin/blueprint.js runs, and so what the tests below spawn: the build, bundled.
    expect(existsSync(join(import.meta.dirname, '../../dist/cli/main.js')), 'run `npm run build` first').toBe(true);
  });

  it('ends quietly, with its own exit code, when the reader of its output goes away', async () => {
    const dir = fx.build(bare);
    for (const [args, expected] of [
      [['--help'], 0],
      [['audit', dir, '--now', NOW, '--fail-under', '99', '--format', 'json'], 1],
    ] as const) {
      // The read end is closed before the command writes: every write of its output fails (EPIPE).
      const child = spawn(process.execPath, [BIN, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true' },
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(expected);
    }
  });

  it('--version', () => {
    const r = blueprint(['--version']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("audits the current folder by default and exits with the gate's code", () => {
    const dir = fx.build(wellRun);
    const ok = blueprint(['--now', NOW, '--fail-under', '99'], {}, dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Overall 100\.0 \/ 100/);
    const low = blueprint(['audit', fx.build(bare), '--now', NOW, '--fail-under', '99', '--format', 'json']);
    expect(low.code).toBe(1);
    expect(JSON.parse(low.stdout).summary.passed).toBe(false);
  });

  it('ignores GIT_DIR and a global git config from the environment', () => {
    const dir = fx.build(wellRun);
    const other = fx.build(bare);
    const marker = join(fx.temp(), 'pwned');
    const trapConfig = join(fx.temp(), 'gitconfig');
    writeFileSync(trapConfig, `[core]\n\tfsmonitor = touch ${marker}\n\tpager = touch ${marker}\n`);
    const r = blueprint(['audit', dir, '--now', NOW, '--format', 'json'], {
      GIT_DIR: join(other, '.git'),
      GIT_CONFIG_GLOBAL: trapConfig,
      GIT_WORK_TREE: other,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).repos[0].score).toBe(100);
    expect(existsSync(marker)).toBe(false);
  });

  it('a usage error prints no stack trace and exits 2', () => {
    const r = blueprint(['audit', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
