import { UsageError } from '../errors.ts';
import { FORGES, type ForgeOptions } from '../forge/registry.ts';
import type { ConnectContext, Forge, ForgeConnection, ForgeRepoName } from '../forge/types.ts';
import { parseTarget, type Target } from '../sources/targets.ts';

/** A target that names a forge's repository. */
export interface ForgeTarget {
  kind: 'forge';
  input: string;
  forge: Forge<ForgeOptions>;
  repo: ForgeRepoName;
}

/** What a target names: a folder, a git URL, or a repository of one of the forges. */
export type AuditTarget = Target | ForgeTarget;

/** Reads a target: each forge is offered it first, then it is a git URL or a folder. */
export function readTarget(input: string, options: ForgeOptions, forges: readonly Forge<ForgeOptions>[] = FORGES): AuditTarget {
  for (const forge of forges) {
    const repo = forge.parseTarget(input, options);
    if (repo) return { kind: 'forge', input, forge, repo };
  }
  return parseTarget(input);
}

/** The forges one run uses, each connected once, with what every target of theirs shares. */
export class ForgeRun {
  private readonly connecting = new Map<Forge<ForgeOptions>, Promise<ForgeConnection>>();

  constructor(
    private readonly connections: Map<Forge<ForgeOptions>, ForgeConnection>,
    private readonly options: ForgeOptions,
    /** Every forge the run knows, connected or not. */
    readonly forges: readonly Forge<ForgeOptions>[],
    /** The forge that lists `audit({ org })`'s organisation, when there is one. */
    readonly organisations: Forge<ForgeOptions> | null,
    private readonly context: ConnectContext,
  ) {}

  read(input: string): AuditTarget {
    return readTarget(input, this.options, this.forges);
  }

  connection(forge: Forge<ForgeOptions>): ForgeConnection {
    const connection = this.connections.get(forge);
    if (!connection) throw new Error(`${forge.id} was not connected`);
    return connection;
  }

  /**
   * The run's connection to a forge, connecting it on first use: a record source on a forge no
   * target is on (a handbook) shares the run's one connection, and its warnings are given once.
   */
  connect(forge: Forge<ForgeOptions>): Promise<ForgeConnection> {
    const connected = this.connections.get(forge);
    if (connected) return Promise.resolve(connected);
    let connecting = this.connecting.get(forge);
    if (!connecting) {
      connecting = connectOne(forge, this.options, this.context).then((connection) => {
        this.connections.set(forge, connection);
        return connection;
      });
      this.connecting.set(forge, connecting);
    }
    return connecting;
  }

  /** Values no message may carry (the forges' tokens). */
  get secrets(): string[] {
    return [...this.connections.values()].flatMap((c) => c.secrets);
  }

  /** Starts reading the forges' data for the targets the run will audit, each forge in one go. */
  prepare(targets: readonly string[]): void {
    const wanted = new Map<ForgeConnection, ForgeRepoName[]>();
    for (const target of targets) {
      const read = this.read(target);
      if (read.kind !== 'forge') continue;
      const connection = this.connection(read.forge);
      wanted.set(connection, [...(wanted.get(connection) ?? []), read.repo]);
    }
    for (const [connection, repos] of wanted) connection.prepare(repos);
  }
}

/** Connects one forge and gives its warnings (no token, say). */
async function connectOne(forge: Forge<ForgeOptions>, options: ForgeOptions, context: ConnectContext): Promise<ForgeConnection> {
  const connection = await forge.connect(options, context);
  for (const warning of connection.warnings) context.onWarning?.(warning);
  return connection;
}

/**
 * Connects the forges a run needs: those its targets name repositories of, and the one that lists
 * its organisation (others connect when a record source first needs them). Every target is read
 * here, so a malformed one stops the run before any work. Each forge's warnings (no token, say)
 * are given once, whatever the number of its repositories.
 */
export async function connectForges(
  targets: readonly string[],
  options: ForgeOptions & { org?: string | undefined },
  context: ConnectContext,
  forges: readonly Forge<ForgeOptions>[] = FORGES,
): Promise<ForgeRun> {
  const organisations = options.org ? (forges.find((f) => f.listsOrganisations(options)) ?? null) : null;
  if (options.org && !organisations) throw new UsageError(`no forge lists organisations`, 'name the repositories instead');
  const needed = new Set<Forge<ForgeOptions>>(organisations ? [organisations] : []);
  for (const target of targets) {
    const read = readTarget(target, options, forges);
    if (read.kind === 'forge') needed.add(read.forge);
  }
  const connections = new Map<Forge<ForgeOptions>, ForgeConnection>();
  // In the registry's order, so warnings come in the same order every run.
  for (const forge of forges.filter((f) => needed.has(f))) connections.set(forge, await connectOne(forge, options, context));
  return new ForgeRun(connections, options, forges, organisations, context);
}
