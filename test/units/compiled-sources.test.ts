/** The suite tests the build only where the build stands for every source (test/compiled-sources.ts). */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.ts';
import { staleBuild } from '../compiled-sources.ts';

const fx = fixtures();

function project(files: Record<string, number>): string {
  const root = fx.temp();
  for (const folder of ['src', 'rules', 'dist/src', 'dist/rules']) mkdirSync(join(root, folder), { recursive: true });
  for (const [path, seconds] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), seconds, seconds);
  }
  return root;
}

describe('the build stands for the sources', () => {
  it('when every source has a build at least as new', () => {
    expect(
      staleBuild(
        project({ 'src/a.ts': 100, 'dist/src/a.js': 200, 'rules/r/index.ts': 100, 'dist/rules/r/index.js': 100, 'src/b.d.ts': 300 }),
      ),
    ).toBeNull();
  });

  it('not when a source was edited since', () => {
    expect(staleBuild(project({ 'src/a.ts': 100, 'dist/src/a.js': 200, 'rules/r/index.ts': 300, 'dist/rules/r/index.js': 200 }))).toBe(
      'rules/r/index.ts is newer than its build',
    );
  });

  it('not when a source has no build', () => {
    expect(staleBuild(project({ 'src/a.ts': 100, 'src/deep/b.ts': 100, 'dist/src/a.js': 200 }))).toBe('dist/src/deep/b.js is missing');
  });
});
