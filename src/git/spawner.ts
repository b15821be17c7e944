import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';

/** What blueprint uses of a git process: a child process started here or one the spawner started. */
export interface GitChild {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  kill(signal?: NodeJS.Signals): boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): this;
  on(event: 'exit' | 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
}

/**
 * The spawner: a small node process that starts git for this one. Starting a child forks the
 * process that asks, and a fork costs in proportion to its memory: 6–12 ms of blocked main thread
 * from a 150–450 MB audit (page tables copied, then every page written again faults), against about
 * 1 ms from a 40 MB process. git's standard streams are UNIX sockets that the spawner connects to
 * this process's server and hands to git, so git's output comes here directly, never through the
 * spawner; only the request, `spawned` and the exit status travel over the spawner's IPC channel.
 *
 * Plain CommonJS run with `node -e`, so the same text works from the sources, the build and the
 * action bundle. The spawner never reads the sockets (paused, then closed once git has its copies),
 * and this side writes a process's standard input only after `spawned`.
 */
const SPAWNER_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
process.title = 'blueprint-git-spawner';
const address = process.env.BLUEPRINT_SPAWNER_SOCKET;
const token = process.env.BLUEPRINT_SPAWNER_TOKEN;
delete process.env.BLUEPRINT_SPAWNER_SOCKET;
delete process.env.BLUEPRINT_SPAWNER_TOKEN;
const children = new Map();
const kills = new Map();
const send = (message) => { if (process.connected) process.send(message); };
const connect = (id, index) => new Promise((resolve, reject) => {
  const socket = net.connect(address);
  socket.pause();
  socket.once('error', reject);
  socket.once('connect', () => socket.write(token + ' ' + id + ' ' + index + '\n', (error) => (error ? reject(error) : resolve(socket))));
});
const start = async (request) => {
  const id = request.id;
  const opened = [0, 1, 2].map((index) => connect(id, index));
  const settled = await Promise.allSettled(opened);
  const sockets = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    for (const socket of sockets) socket.destroy();
    send({ t: 'error', id, message: String(failure.reason && failure.reason.message), code: failure.reason && failure.reason.code });
    return;
  }
  let child;
  try {
    child = spawn(request.command, request.args, { env: request.env, cwd: request.cwd, stdio: sockets });
  } catch (error) {
    for (const socket of sockets) socket.destroy();
    send({ t: 'error', id, message: String(error && error.message), code: error && error.code });
    return;
  }
  for (const socket of sockets) socket.destroy();
  children.set(id, child);
  child.on('spawn', () => {
    send({ t: 'spawned', id });
    if (kills.has(id)) child.kill(kills.get(id));
  });
  child.on('error', (error) => {
    children.delete(id);
    kills.delete(id);
    send({ t: 'error', id, message: String(error.message), code: error.code });
  });
  child.on('exit', (code, signal) => {
    children.delete(id);
    kills.delete(id);
    send({ t: 'exit', id, code, signal });
  });
};
process.on('message', (message) => {
  if (message.t === 'spawn') start(message);
  else if (message.t === 'kill') {
    const child = children.get(message.id);
    if (child) child.kill(message.signal);
    else kills.set(message.id, message.signal);
  }
});
// Ended by this side's end, not by a terminal's ^C (git gets that itself): then the socket's
// folder goes too, which this side cannot remove when a signal ends it.
process.on('SIGINT', () => undefined);
process.on('disconnect', () => {
  require('node:fs').rmSync(require('node:path').dirname(address), { recursive: true, force: true });
  process.exit(0);
});
send({ t: 'ready' });
`;

/**
 * Each fork copies the spawner's page tables, and every page it writes afterwards faults once: a
 * young generation of 1 MB (16 by default) keeps that small, and fewer threads (no V8 helper
 * tasks, one platform worker instead of four) mean fewer other CPUs to flush. 1,500 gits from
 * it: about 10% less CPU in all, git's own share included.
 */
const SPAWNER_FLAGS = ['--max-semi-space-size=1', '--single-threaded', '--v8-pool-size=1'];

type SpawnerMessage =
  | { t: 'ready' }
  | { t: 'spawned'; id: number }
  | { t: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { t: 'error'; id: number; message: string; code?: string };

/** A git process the spawner started, seen from here. */
class SpawnedGit extends EventEmitter implements GitChild {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  private readonly sockets: Socket[] = [];
  private stdinSocket: Socket | null = null;
  private spawned = false;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly openOutputs = new Set<Readable>([this.stdout, this.stderr]);
  private finished = false;
  private killSent = false;

  constructor(
    readonly id: number,
    private readonly sendKill: (signal: NodeJS.Signals) => void,
    private readonly done: () => void,
  ) {
    super();
    for (const stream of [this.stdout, this.stderr]) {
      stream.once('end', () => this.outputClosed(stream));
      // A consumer that destroys an output (git's own children can hold it open) closes it here too.
      stream.once('close', () => this.outputClosed(stream));
    }
    this.stdin.on('error', () => undefined);
  }

  attach(index: number, socket: Socket, rest: Buffer): void {
    if (this.finished) {
      socket.destroy();
      return;
    }
    this.sockets.push(socket);
    if (index === 0) {
      this.stdinSocket = socket;
      socket.on('error', (error) => this.stdin.emit('error', error));
      socket.resume();
      this.connectStdin();
      return;
    }
    const out = index === 1 ? this.stdout : this.stderr;
    socket.on('error', () => out.end());
    out.once('close', () => socket.destroy());
    if (rest.length) out.write(rest);
    socket.pipe(out);
  }

  onSpawned(): void {
    this.spawned = true;
    this.connectStdin();
  }

  onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = { code, signal };
    this.emit('exit', code, signal);
    // As node does for its own children: an output nobody reads is drained, or it would never end.
    for (const out of [this.stdout, this.stderr]) if (out.readableFlowing === null) out.resume();
    this.maybeClose();
  }

  onError(error: NodeJS.ErrnoException): void {
    if (this.finished) return;
    this.finish();
    for (const socket of this.sockets) socket.destroy();
    this.stdout.destroy();
    this.stderr.destroy();
    this.emit('error', error);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.finished || this.exited || this.killSent) return !this.finished;
    this.killSent = signal === 'SIGKILL';
    this.sendKill(signal);
    return true;
  }

  private connectStdin(): void {
    if (!this.spawned || !this.stdinSocket) return;
    this.stdin.pipe(this.stdinSocket);
  }

  private outputClosed(stream: Readable): void {
    this.openOutputs.delete(stream);
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.finished || !this.exited || this.openOutputs.size) return;
    this.finish();
    for (const socket of this.sockets) socket.destroy();
    this.emit('close', this.exited.code, this.exited.signal);
  }

  private finish(): void {
    this.finished = true;
    this.done();
  }
}

/** Characters of a stream's first line: the token, the process's number and the stream's. */
const MAX_HEADER_BYTES = 128;

class Spawner {
  private child: ChildProcess | null = null;
  private server: Server | null = null;
  private dir: string | null = null;
  private readonly token = randomBytes(16).toString('hex');
  private ready = false;
  private started = false;
  private listening = false;
  private broken = false;
  private readonly readiness: Promise<boolean>;
  private settle: (ready: boolean) => void = () => undefined;
  private waiting = 0;
  private nextId = 1;
  private readonly running = new Map<number, SpawnedGit>();

  constructor() {
    this.readiness = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Starts the spawner if it is not running; true once it is ready, false when it cannot be used. */
  whenReady(): Promise<boolean> {
    if (!this.child && !this.broken) this.start();
    if (this.ready || this.broken) return this.readiness;
    // Someone waits for the spawner: its channel keeps this process alive until it is ready.
    this.waiting++;
    this.keepAlive();
    return this.readiness.finally(() => {
      this.waiting--;
      this.keepAlive();
    });
  }

  /** The spawner's channel keeps this process alive only while git runs or someone waits for it. */
  private keepAlive(): void {
    if (this.running.size || this.waiting) this.child?.channel?.ref();
    else this.child?.channel?.unref();
  }

  /** The spawner's process id while it runs. */
  get pid(): number | undefined {
    return this.broken ? undefined : this.child?.pid;
  }

  /** A git process started by the spawner, or null while it is starting or when it cannot be used. */
  spawn(command: string, args: readonly string[], env: NodeJS.ProcessEnv): GitChild | null {
    if (this.broken) return null;
    if (!this.child) {
      this.start();
      return null;
    }
    if (!this.ready) return null;
    const id = this.nextId++;
    const git = new SpawnedGit(
      id,
      (signal) => this.send({ t: 'kill', id, signal }),
      () => {
        this.running.delete(id);
        this.keepAlive();
      },
    );
    this.running.set(id, git);
    this.keepAlive();
    if (!this.send({ t: 'spawn', id, command, args, env, cwd: process.cwd() })) {
      queueMicrotask(() => git.onError(new Error('the git spawner has stopped')));
    }
    return git;
  }

  private send(message: object): boolean {
    const child = this.child;
    if (!child?.connected) return false;
    child.send(message);
    return true;
  }

  private start(): void {
    try {
      this.dir = mkdtempSync(join(tmpdir(), 'blueprint-git-'));
      const address = join(this.dir, 's');
      const server = createServer((socket) => this.accept(socket));
      server.listen(address, () => {
        this.listening = true;
        this.becomeReady();
      });
      server.unref();
      server.on('error', () => this.fail());
      this.server = server;
      // Nothing of this process's environment: git gets its own with each request.
      const env = { BLUEPRINT_SPAWNER_SOCKET: address, BLUEPRINT_SPAWNER_TOKEN: this.token };
      const child = spawn(process.execPath, [...SPAWNER_FLAGS, '-e', SPAWNER_SOURCE], {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        env,
      });
      this.child = child;
      child.unref();
      child.channel?.unref();
      child.on('message', (message: SpawnerMessage) => this.receive(message));
      child.on('error', () => this.fail());
      child.on('exit', () => this.fail());
      process.once('exit', () => this.cleanUp());
    } catch {
      this.fail();
    }
  }

  private receive(message: SpawnerMessage): void {
    if (message.t === 'ready') {
      this.started = true;
      this.becomeReady();
      return;
    }
    const git = this.running.get(message.id);
    if (!git) return;
    if (message.t === 'spawned') git.onSpawned();
    else if (message.t === 'exit') git.onExit(message.code, message.signal);
    else git.onError(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
  }

  private accept(socket: Socket): void {
    let head = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const newline = head.indexOf(10);
      if (newline < 0) {
        if (head.length > MAX_HEADER_BYTES) socket.destroy();
        return;
      }
      socket.off('data', onData);
      socket.pause();
      const [token, id, index] = head.subarray(0, newline).toString('latin1').split(' ');
      const git = token === this.token ? this.running.get(Number(id)) : undefined;
      if (!git || !['0', '1', '2'].includes(index ?? '')) {
        socket.destroy();
        return;
      }
      git.attach(Number(index), socket, head.subarray(newline + 1));
    };
    socket.on('data', onData);
  }

  /** The spawner is gone or never started: git processes it had are failed, later ones start here. */
  /** Ready once the spawner has started and this side listens. */
  private becomeReady(): void {
    if (this.broken || !this.started || !this.listening) return;
    this.ready = true;
    this.settle(true);
  }

  private fail(): void {
    if (this.broken) return;
    this.broken = true;
    this.ready = false;
    this.settle(false);
    for (const git of [...this.running.values()]) git.onError(new Error('the git spawner has stopped'));
    this.server?.close();
    if (this.child?.exitCode === null) this.child.kill();
    this.cleanUp();
  }

  private cleanUp(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

let spawner: Spawner | null = null;

/**
 * Starts a program through the spawner when one is running: git, which needs no terminal (it
 * never prompts: GIT_TERMINAL_PROMPT=0). Null means start it here (the spawner is starting,
 * or cannot be used: Windows, or `BLUEPRINT_GIT_SPAWNER=direct`).
 */
export function spawnThroughSpawner(command: string, args: readonly string[], env: NodeJS.ProcessEnv): GitChild | null {
  if (!usable()) return null;
  // A warm audit starts 7 git processes, too few for a spawner's start (~30 ms) to pay.
  if (!spawner && ++directStarts <= DIRECT_STARTS) return null;
  return (spawner ??= new Spawner()).spawn(command, args, env);
}

/** git processes started directly before the spawner is started. */
const DIRECT_STARTS = 10;
let directStarts = 0;

function usable(): boolean {
  return process.platform !== 'win32' && process.env.BLUEPRINT_GIT_SPAWNER !== 'direct';
}

/** Starts the spawner now rather than at the first git process; resolves true once it is ready. */
export function startGitSpawner(): Promise<boolean> {
  return usable() ? (spawner ??= new Spawner()).whenReady() : Promise.resolve(false);
}

/** The running spawner's process id, if any. */
export function gitSpawnerPid(): number | undefined {
  return spawner?.pid;
}
