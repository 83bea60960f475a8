import { assetUrl } from './assets.js';

/** HTML that is already safe to emit. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

/** Text as HTML: the five characters that could start markup or end an attribute value, as entities. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Value = string | number | null | undefined | false | SafeHtml | Value[];

const render = (v: Value): string =>
  v === null || v === undefined || v === false ? '' : v instanceof SafeHtml ? v.value : Array.isArray(v) ? v.map(render).join('') : escapeHtml(String(v));

/** A tagged template that escapes every interpolated value unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export interface PageOptions {
  title: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  body: SafeHtml;
  /** before <main>: a site header, navigation */
  header?: SafeHtml;
  /** after <main> */
  footer?: SafeHtml;
  /** extra <head> content (meta tags) */
  head?: SafeHtml;
  /** files under /assets/ loaded as deferred scripts (no inline script: the pages keep a strict CSP possible) */
  scripts?: string[];
  /** stylesheets under /assets/ (default: the supporter pages' app.css) */
  styles?: string[];
  description?: string;
}

/** A whole page: no inline script or style, every asset served by the app itself. */
export function page(opts: PageOptions): string {
  return `<!doctype html>${html`<html lang="${opts.lang ?? 'en'}" dir="${opts.dir ?? 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
${opts.head ?? ''}
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
${(opts.styles ?? ['app.css']).map((s) => html`<link rel="stylesheet" href="${assetUrl(s)}">`)}
${(opts.scripts ?? []).map((s) => html`<script src="${assetUrl(s)}" defer></script>`)}
</head>
<body>
${opts.header ?? ''}
<main id="main">
${opts.body}
</main>
${opts.footer ?? ''}
</body>
</html>`}`;
}
