import { directionOf, LOCALES, messagesFor, type Locale, type Messages } from '../i18n/i18n.js';

/** What every supporter page needs to know about the request it answers. */
export interface PageContext {
  locale: Locale;
  t: Messages;
  dir: 'ltr' | 'rtl';
  /** ORG_NAME: who runs the appeal */
  org: string;
  /** this page's path, for the language switcher */
  path: string;
  /** query parameters the language switcher keeps (such as `source`) */
  keep: Record<string, string>;
}

export function pageContext(locale: Locale, org: string, path: string, keep: Record<string, string> = {}): PageContext {
  return { locale, t: messagesFor(locale), dir: directionOf(locale), org, path, keep };
}

/** `path` with `?lang=` (and the kept parameters). */
export function withLang(ctx: Pick<PageContext, 'path' | 'keep'>, locale: Locale): string {
  const q = new URLSearchParams({ ...ctx.keep, lang: locale });
  return `${ctx.path}?${q.toString()}`;
}

export const ALL_LOCALES: readonly Locale[] = LOCALES;
