// Bundles one entry point of the build (dist/src) with everything it imports, the production
// dependencies included, for scripts/bundle-action.js and scripts/bundle-cli.js.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** `entry` relative to the project (e.g. 'dist/src/action.js'); `output` as rolldown takes it. */
export async function bundleBuilt(entry, output, onwarn) {
  const input = resolve(root, entry);
  if (!existsSync(input)) {
    console.error(`error: ${entry} is missing\nhint: run \`npm run build\` first`);
    process.exit(2);
  }
  await build({
    input,
    platform: 'node',
    logLevel: 'warn',
    ...(onwarn && { onwarn }),
    output: { format: 'esm', minify: false, ...output },
  });
}
