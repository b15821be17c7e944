import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { OutputError, UsageError } from '../errors.ts';
import { writeFileSafely } from '../util/safe-write.ts';
import { TEMPLATES, type TemplateContext } from './templates.ts';

export const PRACTICES = Object.keys(TEMPLATES);

export interface ScaffoldOptions {
  now: Date;
  name?: string;
  /** Where to write, relative to the root, instead of the practice's usual place. */
  output?: string;
  /** For codeowners: drafts the file from the repository's history. */
  codeowners?: () => Promise<string>;
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!s) throw new UsageError(`'${name}' gives an empty file name`, 'use letters or digits in --name');
  return s.slice(0, 60);
}

const titleOf = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The text and repository-relative path of a starter document. */
export async function renderScaffold(practice: string, options: ScaffoldOptions): Promise<{ path: string; text: string }> {
  const template = TEMPLATES[practice];
  if (!template) throw new UsageError(`unknown practice '${practice}'`, `choose one of: ${PRACTICES.join(', ')}`);
  const name = slug(options.name ?? template.defaultName);
  const ctx: TemplateContext = { date: options.now.toISOString().slice(0, 10), name, title: titleOf(name) };
  const text = template.text ? template.text(ctx) : await options.codeowners!();
  return { path: options.output ?? template.path(ctx), text };
}

/**
 * Writes the starter, refusing to overwrite anything, to write outside the repository, or to
 * follow any link in it on the way (see src/util/safe-write.ts): the file is created exclusively.
 */
export async function writeScaffold(root: string, path: string, text: string): Promise<string> {
  const top = await realpath(root);
  const target = resolve(top, path);
  if (target === top || !target.startsWith(top + sep)) throw new OutputError(path, 'is outside the repository', 'give a path inside it');
  const shown = relative(top, target).split(sep).join('/');
  await writeFileSafely(relative(top, target), text, {
    cwd: top,
    within: top,
    shown,
    what: 'the starter',
    exclusive: true,
    createFolders: true,
    exists: { message: 'already exists; blueprint never overwrites a file', hint: 'edit the file, or choose another --name or --output' },
  });
  return shown;
}

/**
 * CODEOWNERS drafted from who wrote each system: its top two active experts, by e-mail. People
 * who have left and accounts that are not people are never proposed; a system whose experts have
 * all left gets a comment naming them instead of a line.
 */
export function codeownersText(
  systems: ReadonlyArray<{
    system: string;
    globs: readonly string[];
    experts: ReadonlyArray<{ name: string; email: string }>;
    departed?: ReadonlyArray<{ name: string; lastCommit: string | null }>;
  }>,
  date: string,
): string {
  const lines = [
    `# CODEOWNERS drafted by blueprint-audit on ${date} from the git history: for each system, the`,
    '# two people still active who wrote most of it (degree of authorship). Replace e-mails',
    '# with @handles or @org/teams where you prefer; GitHub accepts e-mails linked to an',
    '# account. Later lines win.',
    '',
  ];
  const header = lines.length;
  for (const system of systems) {
    const owners = system.experts.slice(0, 2);
    const patterns = system.globs.map((glob) => `/${glob.replace(/^\/+/, '').replace(/\/\*\*$/, '/')}`);
    if (!owners.length) {
      const gone = (system.departed ?? []).slice(0, 2);
      if (!gone.length) continue;
      const who = gone.map((d) => (d.lastCommit ? `${d.name} (last change ${d.lastCommit.slice(0, 10)})` : d.name)).join(' and ');
      for (const pattern of patterns)
        lines.push(`# ${pattern.padEnd(22)} no active expert: ${who} ha${gone.length === 1 ? 's' : 've'} left; name two owners`);
      continue;
    }
    const note = owners.length < 2 ? '  # one expert only: name a second owner' : '';
    for (const pattern of patterns) lines.push(`${pattern.padEnd(24)} ${owners.map((o) => o.email).join(' ')}${note}`);
  }
  if (lines.length === header) lines.push('# No system has history yet: add owners by hand, e.g.', '# /src/  @alice @bob');
  return `${lines.join('\n')}\n`;
}
