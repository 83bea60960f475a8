#!/usr/bin/env node
/**
 * Writes src/common/country-time-zones.ts: each ISO 3166-1 country that has exactly one time zone
 * in the IANA database's zone.tab, and that zone. A target with no `timeZone` of its own takes its
 * country's zone from there (office hours: docs/api.md); a country with several zones (RU, US,
 * BR…) is not in it. The app never reads the time zone database's files itself: run this again
 * when the database changes (a country splits into zones or merges them), and commit the module.
 *
 *     node scripts/country-time-zones.mjs [path/to/zone.tab]     (default /usr/share/zoneinfo/zone.tab)
 */
/* global process, console -- a Node.js script (eslint.config.mjs gives Node's globals to bench/ and test/ only) */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = process.argv[2] ?? '/usr/share/zoneinfo/zone.tab';
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'common', 'country-time-zones.ts');

/** country code → its zones, from the lines "CC<TAB>coordinates<TAB>Zone/Name[<TAB>comment]" */
const zones = new Map();
for (const line of readFileSync(source, 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [country, , zone] = line.split('\t');
  if (!/^[A-Z]{2}$/.test(country) || !zone) throw new Error(`${source}: cannot read the line ${JSON.stringify(line)}`);
  zones.set(country, [...(zones.get(country) ?? []), zone]);
}

/** The zone as this Node.js (ICU) knows it; null when it does not (then the country is left out, with a warning). */
function known(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

const single = [...zones]
  .filter(([, list]) => list.length === 1)
  .map(([country, [zone]]) => [country, known(zone), zone])
  .sort(([a], [b]) => (a < b ? -1 : 1));
for (const [country, ok, zone] of single) if (!ok) console.warn(`left out ${country}: this Node.js does not know the zone ${zone}`);
const entries = single.filter(([, ok]) => ok);

writeFileSync(
  out,
  `// Written by scripts/country-time-zones.mjs from the IANA time zone database's zone.tab: do not edit by hand.

/**
 * ISO 3166-1 alpha-2 country code → its time zone (IANA name), for the ${entries.length} countries
 * that have exactly one. A target with no \`timeZone\` of its own takes its country's from here;
 * a country with several zones (RU, US, BR…) is not listed, and such a target's letters follow
 * UTC until it is given a zone.
 */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = {
${entries.map(([country, zone]) => `  ${country}: '${zone}',`).join('\n')}
};
`,
);
console.log(`wrote ${out}: ${entries.length} countries with one time zone (of ${zones.size})`);
