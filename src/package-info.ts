import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder: found by walking up from this module, because it sits at
 * src/ when run from source (tests) and at dist/src/ when built.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'blueprint-audit') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('blueprint-audit: cannot find its own package.json');
    dir = parent;
  }
})();

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const TOOL_NAME = 'blueprint-audit';
