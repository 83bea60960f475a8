import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/public (tests) or dist/public (the build): beside this file's directory either way. */
const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const versions = new Map<string, string>();

/**
 * The URL of a file served from /assets/, with a short hash of its content: a new release is
 * never served an old script or stylesheet from a cache.
 */
export function assetUrl(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    try {
      version = createHash('sha256')
        .update(readFileSync(join(PUBLIC_DIR, name)))
        .digest('base64url')
        .slice(0, 10);
    } catch {
      version = '';
    }
    versions.set(name, version);
  }
  return `/assets/${name}${version ? `?v=${version}` : ''}`;
}
