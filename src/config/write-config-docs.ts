import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_DOC, withConfigTable } from './config-docs.js';

/** `npm run docs:config`: writes the table of environment variables in docs/configuration.md from config-schema.ts. */
const before = readFileSync(CONFIG_DOC, 'utf8');
const after = withConfigTable(before);
if (after === before) {
  console.log(`${CONFIG_DOC}: up to date`);
} else {
  writeFileSync(CONFIG_DOC, after);
  console.log(`${CONFIG_DOC}: table written`);
}
