import { z } from 'zod';
import { CONFIG_VARIABLES, type ConfigVariable } from './config-schema.js';

/**
 * The table of environment variables in docs/configuration.md, written from CONFIG_VARIABLES
 * (`npm run docs:config`) between two markers; the prose around it is the docs' own.
 */

export const CONFIG_DOC = 'docs/configuration.md';
const BEGIN = '<!-- written by `npm run docs:config` from src/config/config-schema.ts: edit the variables there -->';
const END = '<!-- end of the written table -->';

const VARIABLES = Object.entries(CONFIG_VARIABLES) as [string, ConfigVariable][];

/** The default column: the value the parser applies, or what the variable's declaration says happens when it is unset. */
export function shownDefault(name: string, variable: ConfigVariable): string {
  const { parse, whenUnset } = variable;
  if (!(parse instanceof z.ZodDefault)) return whenUnset ?? 'unset';
  if (whenUnset !== undefined) throw new Error(`${name}: a parser default and whenUnset both say what the default is; keep one`);
  const value: unknown = parse.def.defaultValue;
  return typeof value === 'string' ? `\`${value}\`` : String(value);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function configTable(): string {
  const rows = VARIABLES.map(([name, v]) => `| \`${name}\` | ${cell(shownDefault(name, v))} | ${cell(v.meaning)} |`);
  return ['| variable | default (development) | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `markdown` with the table between the markers written afresh. */
export function withConfigTable(markdown: string): string {
  const { before, after } = around(markdown);
  return `${before}${BEGIN}\n\n${configTable()}\n\n${END}${after}`;
}

/**
 * How the table in `markdown` differs from the declarations: variables missing from either side
 * and defaults that differ, by name; any other difference (a meaning, the order) as one line.
 */
export function configTableDrift(markdown: string): string[] {
  let table: string;
  try {
    table = around(markdown).table;
  } catch (e) {
    return [(e as Error).message];
  }
  const documented = new Map<string, string>();
  for (const line of table.split('\n')) {
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    const name = /^`([A-Z0-9_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name) documented.set(name, cells[1]);
  }
  const problems: string[] = [];
  for (const [name, v] of VARIABLES) {
    const shown = cell(shownDefault(name, v));
    if (!documented.has(name)) problems.push(`${name}: declared in config-schema.ts, missing from ${CONFIG_DOC}`);
    else if (documented.get(name) !== shown) problems.push(`${name}: the default is ${shown}, ${CONFIG_DOC} says ${documented.get(name)}`);
  }
  for (const name of documented.keys()) {
    if (!(name in CONFIG_VARIABLES)) problems.push(`${name}: in ${CONFIG_DOC}, not declared in config-schema.ts`);
  }
  if (!problems.length && table.trim() !== configTable()) problems.push(`${CONFIG_DOC}: the table differs from config-schema.ts in its meanings or order`);
  return problems.length ? [...problems, 'run `npm run docs:config` to write the table again'] : [];
}

function around(markdown: string): { before: string; table: string; after: string } {
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${CONFIG_DOC}: no table markers (${BEGIN} … ${END})`);
  return { before: markdown.slice(0, start), table: markdown.slice(start + BEGIN.length, end), after: markdown.slice(end + END.length) };
}
