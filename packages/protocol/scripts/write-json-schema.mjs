// Publishes the manifest's JSON Schema next to the compiled code, generated from the Zod schema
// so the two can never disagree.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { MANIFEST_VERSION, manifestSchema } from '../dist/index.js';

const schema = z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', io: 'input' });
schema.$id = `urn:sharecraft:manifest:v${MANIFEST_VERSION}`;
schema.title = `Sharecraft manifest, version ${MANIFEST_VERSION}`;
writeFileSync(new URL('../dist/manifest.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
