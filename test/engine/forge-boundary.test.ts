import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORGES } from '../../src/forge/registry.ts';

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports (static or dynamic), as written. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The folder of src/ an import lands in ("github", "sources"…), or null for a package. */
function folderOf(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = relative(src, join(file, '..', specifier));
  return target.startsWith('..') ? null : (target.split('/')[0] ?? null);
}

const forgeFolders = FORGES.map((f) => f.id);

/** Imports of a forge's folder (src/github/…) by any of `files`. */
function forgeImports(files: string[]): string[] {
  return files.flatMap((file) =>
    imports(file)
      .filter((s) => forgeFolders.includes(folderOf(file, s) ?? ''))
      .map((s) => `${relative(root, file)} imports ${s}`),
  );
}

/** Lines of `files` that name a forge: its title, its target syntax (`github:`), its client. */
function forgeWords(files: string[]): string[] {
  // `.github/` (a folder inside a repository under audit) is a path, not the forge.
  const words = new RegExp(
    [...FORGES.map((f) => `\\b${f.title}\\b`), ...forgeFolders.map((id) => `\\b${id}:`), 'Octokit', 'ForgeLoader', 'githubUrl'].join('|'),
  );
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (words.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('the engine knows no forge', () => {
  const engine = sources(join(src, 'engine'));

  it('no engine module imports a forge folder', () => {
    expect(forgeImports(engine)).toEqual([]);
  });

  it("no engine module names a forge's types, client or target syntax", () => {
    expect(forgeWords(engine)).toEqual([]);
  });

  it('each forge lives in the folder named by its id, and is registered once', () => {
    expect(new Set(forgeFolders).size).toBe(forgeFolders.length);
    for (const id of forgeFolders) expect(statSync(join(src, id)).isDirectory(), id).toBe(true);
  });

  it('git access sits below sources and history: history imports no sources, git neither', () => {
    const offending = [...sources(join(src, 'history')), ...sources(join(src, 'git'))].flatMap((file) =>
      imports(file)
        .filter((s) => ['sources', 'engine', ...forgeFolders].includes(folderOf(file, s) ?? ''))
        .map((s) => `${relative(root, file)} imports ${s}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('record sources reach a forge through its adapter alone', () => {
  const records = sources(join(src, 'records'));

  it('no records module imports a forge folder', () => {
    expect(records.length).toBeGreaterThan(0);
    expect(forgeImports(records)).toEqual([]);
  });

  it("no records module names a forge's types, client or target syntax", () => {
    expect(forgeWords(records)).toEqual([]);
  });
});
