// Writes what is generated from the rules and presets, from the build (`npm run regen` builds
// first): docs/blueprint.schema.json from the zod schemas that validate blueprint.yml,
// docs/presets.md from the presets, and an entry in blueprint.example.yml for any rule it lacks.
// Tests fail when the committed files differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { completeExample } from '../dist/src/config/example-doc.js';
import { presetsMarkdown } from '../dist/src/config/presets-doc.js';
import { blueprintJsonSchema } from '../dist/src/config/schema.js';

writeFileSync(new URL('../docs/blueprint.schema.json', import.meta.url), `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`);
writeFileSync(new URL('../docs/presets.md', import.meta.url), presetsMarkdown());
const example = new URL('../blueprint.example.yml', import.meta.url);
const before = readFileSync(example, 'utf8');
const after = completeExample(before);
if (after !== before) writeFileSync(example, after);
console.log(`wrote docs/blueprint.schema.json and docs/presets.md${after === before ? '' : '; added rules to blueprint.example.yml'}`);
