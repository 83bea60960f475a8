// npm run bench: every benchmark, one after the other, each whatever the others found; fails
// (exit 1) when any check of any of them failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const failed = [];
for (const name of ['sign', 'deliver', 'stats']) {
  console.log(`\n=== bench:${name}`);
  const { status } = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: 'inherit' });
  if (status !== 0) failed.push(name);
}
console.log(failed.length ? `\nfailed: ${failed.join(', ')} (see bench/results/)` : '\nevery benchmark passed its checks');
process.exitCode = failed.length ? 1 : 0;
