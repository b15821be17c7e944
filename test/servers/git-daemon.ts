import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { FIXTURE_ENV } from '../../fixtures/builder.ts';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface GitDaemon {
  url(path: string): string;
  stop(): Promise<void>;
}

/** `git daemon` serving every repository under `base` over git:// on 127.0.0.1. */
export async function startGitDaemon(base: string): Promise<GitDaemon> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'git',
    ['daemon', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, `--base-path=${base}`, '--export-all', base],
    {
      env: FIXTURE_ENV,
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100 && !(await reachable(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await reachable(port))) {
    child.kill();
    throw new Error('git daemon did not start');
  }
  return {
    url: (path) => `git://127.0.0.1:${port}/${path}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
