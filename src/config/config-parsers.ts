import { z } from 'zod';

/**
 * How one environment variable's text becomes a value. Each parser rejects what it cannot read
 * with a message that completes "VARIABLE: …"; a default, where there is one, is added in the
 * variable's declaration (config-schema.ts).
 */

export const FLAG_SPELLINGS = { true: ['true', '1', 'yes'], false: ['false', '0', 'no'] } as const;

/** Every boolean variable: exactly these spellings, and a refusal that shows the value given. */
export const flag = z
  .enum([...FLAG_SPELLINGS.true, ...FLAG_SPELLINGS.false], {
    error: (issue) => `must be true or false (or 1/0, yes/no), not ${JSON.stringify(issue.input)}`,
  })
  .transform((v) => (FLAG_SPELLINGS.true as readonly string[]).includes(v));

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A decimal number of hours ("24", "0.5"), at most 30 days. */
export const hours = z.coerce.number().positive('must be more than 0 hours').max(720, 'must be at most 720 hours (30 days)');

export const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

export const email = z.string().trim().toLowerCase().email('must be an email address');

export interface HostPort {
  host: string;
  port: number;
}

/** "host:port,host:port" (a bracketed IPv6 host too: "[::1]:26379"). */
export const hostPorts = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine(
    (list) => list.length > 0 && list.every((s) => /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(s)),
    'must be a comma-separated list of host:port',
  )
  .transform((list) =>
    list.map((s): HostPort => {
      const at = s.lastIndexOf(':');
      return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
    }),
  );

/** "https://www.example.org" or "http://localhost:8080": what a browser sends as Origin. */
const isOrigin = (v: string) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v;
  } catch {
    return false;
  }
};

export const origins = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every(isOrigin), 'must be a comma-separated list of origins such as https://www.example.org (scheme, host and port only)');

export const regularExpression = z.string().refine((v) => {
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a regular expression, such as ^refuse\\+');
