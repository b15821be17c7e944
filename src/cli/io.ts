/** A line of status redrawn in place (a spinner), until stopped. */
export interface StatusLine {
  text: string;
  stop(): void;
}

/** Where live status is drawn: a terminal's stderr. Absent when there is none (pipes, CI logs, tests). */
export interface ProgressSink {
  start(text: string): Promise<StatusLine>;
}

/** Everything the CLI touches of its process, so tests can run it in-process (src/cli/main.ts builds the real one). */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  stdoutIsTTY: boolean;
  /** Terminal width, when known. */
  columns?: number | undefined;
  /** Streams for interactive questions (`blueprint init`), when stdin is a terminal. */
  prompt?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } | undefined;
  /** The spinner's terminal, when stderr is one; the CLI leaves it alone when CI is set or with --quiet. */
  progress?: ProgressSink | undefined;
}
