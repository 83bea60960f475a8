import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DOC, configTable, configTableDrift, shownDefault, withConfigTable } from './config-docs.js';
import { CONFIG_VARIABLES, REQUIRED_IN_PRODUCTION, type ConfigVariable } from './config-schema.js';

const doc = readFileSync(join(process.cwd(), CONFIG_DOC), 'utf8');
const row = (name: string) => doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))!;

describe('docs/configuration.md and the declared variables', () => {
  it('agree: every variable, its default and its meaning, as `npm run docs:config` writes them', () => {
    expect(configTableDrift(doc)).toEqual([]);
    expect(withConfigTable(doc)).toBe(doc);
  });

  it('a variable missing from the docs is named', () => {
    expect(configTableDrift(doc.replace(`${row('TRUST_PROXY')}\n`, ''))).toContain(`TRUST_PROXY: declared in config-schema.ts, missing from ${CONFIG_DOC}`);
  });

  it('a variable the schema does not declare is named', () => {
    const drift = configTableDrift(doc.replace(row('PORT'), `${row('PORT')}\n| \`LISTEN_BACKLOG\` | 511 | connections waiting |`));
    expect(drift).toContain(`LISTEN_BACKLOG: in ${CONFIG_DOC}, not declared in config-schema.ts`);
  });

  it('a different default is named, with both values', () => {
    const drift = configTableDrift(doc.replace(row('HEAP_SOFT_LIMIT_MB'), row('HEAP_SOFT_LIMIT_MB').replace('| 112 |', '| 128 |')));
    expect(drift).toContain(`HEAP_SOFT_LIMIT_MB: the default is 112, ${CONFIG_DOC} says 128`);
  });

  it('a meaning edited in the docs alone counts too', () => {
    const drift = configTableDrift(doc.replace('| HTTP port |', '| the HTTP port |'));
    expect(drift[0]).toMatch(/differs from config-schema\.ts in its meanings or order/);
  });

  it('shows the default the parser applies, or what the declaration says happens when unset', () => {
    expect(shownDefault('PORT', CONFIG_VARIABLES.PORT)).toBe('3000');
    expect(shownDefault('ROLE', CONFIG_VARIABLES.ROLE)).toBe('`all`');
    expect(shownDefault('TRUST_PROXY', CONFIG_VARIABLES.TRUST_PROXY)).toBe('false');
    expect(shownDefault('PUBLIC_URL', CONFIG_VARIABLES.PUBLIC_URL)).toBe('`http://localhost:PORT`');
    expect(shownDefault('ORG_URL', CONFIG_VARIABLES.ORG_URL)).toBe('unset');
    expect(() => configTable()).not.toThrow();
  });

  it('every variable has a meaning, and the production paragraph names exactly the variables production requires', () => {
    for (const [name, v] of Object.entries(CONFIG_VARIABLES) as [string, ConfigVariable][]) expect([name, v.meaning.trim().length > 0]).toEqual([name, true]);
    const paragraph = doc.slice(doc.indexOf('In production (`NODE_ENV=production`)')).split('\n\n')[0];
    const named = paragraph
      .slice(0, paragraph.indexOf('are required'))
      .match(/`[A-Z_]+`/g)!
      .map((n) => n.slice(1, -1));
    expect(named.filter((n) => n !== 'NODE_ENV').sort()).toEqual([...REQUIRED_IN_PRODUCTION].sort());
  });
});
