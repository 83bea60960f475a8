import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FormErrors, FormValues } from './views/form-kit.js';

/**
 * A posted form as text: every field a string (the last one when a name repeats, which is how an
 * unticked checkbox's hidden "false" gives way to its "true"); the CSRF field left out.
 */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== 'object') return values;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string') values[k] = last;
  }
  return values;
}

/** Text from a textarea: the browser's CRLF line breaks as LF, as the API's clients send them. */
export const text = (v: string | undefined) => (v ?? '').replace(/\r\n?/g, '\n');

/** An optional field: left empty, it is not sent (undefined), as an API client would leave it out. */
export const optional = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/**
 * A number typed in a form: empty is undefined (or null where the API takes null for "none");
 * anything that is not a whole number is passed on as typed, for the DTO to refuse with its message.
 */
export function integer(v: string | undefined, empty: undefined | null = undefined): number | string | null | undefined {
  if (v === undefined || v.trim() === '') return empty;
  const n = Number(v.trim().replace(/[\s,_]/g, ''));
  return Number.isInteger(n) ? n : v;
}

export const bool = (v: string | undefined) => v === 'true' || v === 'on';

/**
 * A date and time from <input type="datetime-local"> (no zone: read as UTC, which the form says),
 * as ISO 8601; passed on as typed when it is not one, for the DTO to refuse.
 */
export function dateTime(v: string | undefined, empty: undefined | null = undefined): string | null | undefined {
  if (v === undefined || v.trim() === '') return empty;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}Z` : v;
}

/** The value of an ISO date for <input type="datetime-local"> (UTC). */
export function toDateTimeLocal(d: Date | string | null | undefined): string {
  if (!d) return '';
  return new Date(d).toISOString().slice(0, 16);
}

/**
 * Validates `plain` with the API's own DTO class, as the API's ValidationPipe does (unknown
 * fields refused, values transformed), and answers the problems by field path
 * ("appeal.subject"), or the instance when there are none.
 */
export async function validateAs<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
): Promise<{ ok: true; dto: T } | { ok: false; errors: FormErrors }> {
  const dto = plainToInstance(cls, plain);
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (!problems.length) return { ok: true, dto };
  const errors: FormErrors = {};
  const walk = (list: ValidationError[], prefix: string) => {
    for (const p of list) {
      const path = prefix ? `${prefix}.${p.property}` : p.property;
      const constraints = p.constraints ?? {};
      const key = FIRST.find((k) => k in constraints) ?? Object.keys(constraints)[0];
      if (key && !errors[path]) errors[path] = sentence(constraints[key], p.property);
      if (p.children?.length) walk(p.children, path);
    }
  };
  walk(problems, '');
  return { ok: false, errors };
}

/** Of a field's problems, the one to fix first: what kind of value it wants, before its limits. */
const FIRST = ['isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isIn', 'isEmail', 'isISO8601', 'matches'];

/** "subject must be shorter than …" → "Must be shorter than …": the field's label is beside it already. */
function sentence(message: string, property: string): string {
  const rest = (message.startsWith(`${property} `) ? message.slice(property.length + 1) : message).replace(
    'must be an integer number',
    'must be a whole number',
  );
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * A service's refusal (400, 404, 409) as form errors: each message that starts with a field's
 * path ("appeal.body: unknown placeholder {{x}}", "slug may hold only …") goes beside that field;
 * the rest above the form. Anything else is not the user's to fix, and is thrown on.
 */
export function serviceErrors(e: unknown, fields: string[], hints: Record<string, RegExp> = {}): FormErrors {
  if (!(e instanceof BadRequestException || e instanceof ConflictException || e instanceof NotFoundException)) throw e;
  const errors: FormErrors = {};
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  for (const message of messagesOf(e)) {
    const field =
      byLength.find((f) => message.startsWith(`${f}:`) || message.startsWith(`${f} `)) ?? Object.entries(hints).find(([, re]) => re.test(message))?.[0];
    if (field) {
      const rest = message.startsWith(`${field}:`)
        ? message.slice(field.length + 1).trim()
        : message.startsWith(`${field} `)
          ? message.slice(field.length + 1)
          : message;
      const text = rest.charAt(0).toUpperCase() + rest.slice(1);
      errors[field] = errors[field] ? `${errors[field]}; ${text}` : text;
    } else {
      errors[''] = errors[''] ? `${errors['']} ${message}` : message;
    }
  }
  return errors;
}

/** The message(s) of an HTTP exception, as the API would answer them. */
export function messagesOf(e: HttpException): string[] {
  const r = e.getResponse();
  const m = typeof r === 'object' && r !== null ? (r as { message?: unknown }).message : r;
  return Array.isArray(m) ? m.map(String) : [String(m ?? e.message)];
}
