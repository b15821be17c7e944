// Writes docs/blueprint.schema.json from the zod schemas that validate blueprint.yml, and
// docs/presets.md from the presets. Tests fail when the committed files differ, so run
// `npm run schema` after changing an option or a preset.
import { writeFileSync } from 'node:fs';
import { blueprintJsonSchema } from '../dist/src/config/schema.js';
import { presetsMarkdown } from '../dist/src/config/presets-doc.js';

writeFileSync(new URL('../docs/blueprint.schema.json', import.meta.url), `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`);
writeFileSync(new URL('../docs/presets.md', import.meta.url), presetsMarkdown());
console.log('wrote docs/blueprint.schema.json and docs/presets.md');
