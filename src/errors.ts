import { EXIT } from './exit-codes.ts';

/**
 * Errors the user can act on carry a hint and are printed as `error:` / `hint:` lines without a
 * stack. Anything else reaching the CLI is a bug and is reported as an internal error.
 */
export abstract class BlueprintError extends Error {
  abstract readonly exitCode: number;
  constructor(
    message: string,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line usage: nothing was audited. */
export class UsageError extends BlueprintError {
  readonly exitCode = EXIT.usage;
}

/** A blueprint.yml (or --baseline file) that cannot be used: nothing was audited. */
export class ConfigError extends BlueprintError {
  readonly exitCode = EXIT.config;
  constructor(
    message: string,
    hint: string | null,
    readonly file: string | null = null,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message, hint);
  }

  /** `file:line:col: message`, the shape editors and terminals link to. */
  get located(): string {
    if (!this.file) return this.message;
    const where = this.line ? `${this.file}:${this.line}:${this.column ?? 1}` : this.file;
    return `${where}: ${this.message}`;
  }
}

/**
 * A file blueprint was asked to write (a report, the plan, blueprint.yml, a starter) cannot be
 * written, or may not be: a missing folder, no permission, a link it will not write through.
 * The message starts with the path.
 */
export class OutputError extends BlueprintError {
  readonly exitCode = EXIT.output;
  constructor(
    readonly path: string,
    message: string,
    hint: string | null,
  ) {
    super(`${path}: ${message}`, hint);
  }
}

/** One target could not be audited; the run goes on with the others. */
export class TargetError extends BlueprintError {
  readonly exitCode = EXIT.targetFailed;
}

/** A forge says the repository does not exist, or the token may not see it. */
export class RepositoryNotFound extends TargetError {}

export const ISSUES_URL = 'https://github.com/blueprint-audit/blueprint-audit/issues';
