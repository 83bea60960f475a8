import { escapeHtml } from '../mail/letter-renderer.js';

/** HTML that is already safe to emit. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Value = string | number | null | undefined | false | SafeHtml | Value[];

const render = (v: Value): string =>
  v === null || v === undefined || v === false ? '' : v instanceof SafeHtml ? v.value : Array.isArray(v) ? v.map(render).join('') : escapeHtml(String(v));

/** A tagged template that escapes every interpolated value unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export function page(opts: { title: string; lang?: string; dir?: 'ltr' | 'rtl'; body: SafeHtml }): string {
  return `<!doctype html>${html`<html lang="${opts.lang ?? 'en'}" dir="${opts.dir ?? 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<main id="main">
${opts.body}
</main>
</body>
</html>`}`;
}
