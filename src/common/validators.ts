import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isCountryCode } from './countries.js';
import { normaliseEmail } from './email.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

function rule(name: string, test: (v: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: test },
    });
}

/** ISO 3166-1 alpha-2, upper case ("LB"). */
export const IsCountryCode = (o?: ValidationOptions) => rule('isCountryCode', isCountryCode, 'must be an ISO 3166-1 alpha-2 country code such as "LB"', o);

/** One line of text: no CR, LF, tab or other control characters (they could forge headers). */
export const IsSingleLine = (o?: ValidationOptions) =>
  rule('isSingleLine', (v) => typeof v === 'string' && !CONTROL.test(v), 'must be one line without control characters', o);

/** Free text: line breaks allowed, other control characters not. */
export const IsPlainText = (o?: ValidationOptions) =>
  rule('isPlainText', (v) => typeof v === 'string' && !CONTROL_EXCEPT_NEWLINES.test(v), 'must not contain control characters', o);

/** A BCP 47 language tag such as "en", "ar" or "pt-BR". */
export const IsLocale = (o?: ValidationOptions) =>
  rule(
    'isLocale',
    (v) => {
      if (typeof v !== 'string' || v.length > 35) return false;
      try {
        return Intl.getCanonicalLocales(v).length === 1;
      } catch {
        return false;
      }
    },
    'must be a BCP 47 language tag such as "en" or "ar"',
    o,
  );

/** Trims strings (other types pass through, for the type validators to reject). */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Normalises an email address before validation. */
export const NormaliseEmail = () => Transform(({ value }) => (typeof value === 'string' ? normaliseEmail(value) : value));
/** Upper-cases a country code ("lb" → "LB"). */
export const UpperCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
