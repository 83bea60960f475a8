import { directionOf, LOCALES, messagesFor, type Locale, type Messages } from '../i18n/i18n.js';

/** What every supporter page needs to know about the request it answers. */
export interface PageContext {
  locale: Locale;
  t: Messages;
  dir: 'ltr' | 'rtl';
  /** ORG_NAME: who runs the appeal */
  org: string;
  /** ORG_URL: the organisation's own site (its name links there); null: none */
  orgUrl: string | null;
  /** PRIVACY_URL: the privacy policy, linked beside the consent sentence; null: none */
  privacyUrl: string | null;
  /** this page's path, for the language switcher */
  path: string;
  /** query parameters the language switcher keeps (such as `source`) */
  keep: Record<string, string>;
}

/** Who runs the pages: ORG_NAME, ORG_URL and PRIVACY_URL (src/config/app-config.ts). */
export interface SiteIdentity {
  org: string;
  orgUrl: string | null;
  privacyUrl: string | null;
}

export const siteOf = (config: { mail: { orgName: string }; orgUrl: string | null; privacyUrl: string | null }): SiteIdentity => ({
  org: config.mail.orgName,
  orgUrl: config.orgUrl,
  privacyUrl: config.privacyUrl,
});

export function pageContext(locale: Locale, site: SiteIdentity, path: string, keep: Record<string, string> = {}): PageContext {
  return { locale, t: messagesFor(locale), dir: directionOf(locale), ...site, path, keep };
}

/** `path` with `?lang=` (and the kept parameters). */
export function withLang(ctx: Pick<PageContext, 'path' | 'keep'>, locale: Locale): string {
  const q = new URLSearchParams({ ...ctx.keep, lang: locale });
  return `${ctx.path}?${q.toString()}`;
}

export const ALL_LOCALES: readonly Locale[] = LOCALES;
