// Writes docs/blueprint.schema.json from the zod schemas that validate blueprint.yml.
// A test fails when the committed file differs, so run `npm run schema` after changing an option.
import { writeFileSync } from 'node:fs';
import { blueprintJsonSchema } from '../dist/src/config/schema.js';

const file = new URL('../docs/blueprint.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`);
console.log('wrote docs/blueprint.schema.json');
