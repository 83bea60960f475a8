// npm run bench: every benchmark, one after the other, each whatever the others found; fails
// (exit 1) when any check of any of them failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const failed = [];
const runs = [
  { name: 'sign' },
  // the one-box spike: one process signing and sending its own confirmations
  { name: 'sign', label: 'sign (ROLE=all)', env: { BENCH_ROLE: 'all' } },
  { name: 'deliver' },
  { name: 'deliver-defaults' },
  { name: 'stats' },
  { name: 'near-duplicates' },
];
for (const { name, label = name, env = {} } of runs) {
  console.log(`\n=== bench:${label}`);
  const { status } = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (status !== 0) failed.push(label);
}
console.log(failed.length ? `\nfailed: ${failed.join(', ')} (see bench/results/)` : '\nevery benchmark passed its checks');
process.exitCode = failed.length ? 1 : 0;
