import { convert } from 'html-to-text';

/**
 * An HTML reply as plain text, with html-to-text: what a reader sees of it, never its markup.
 * Scripts, styles, the head, images (a tracking pixel among them), frames, objects, forms' inner
 * workings and SVG are dropped with their content; links keep their words, not their addresses
 * (a tracking URL is no part of an answer). Lines are not wrapped: the text is stored as written.
 */
const SKIPPED = [
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'iframe',
  'frame',
  'object',
  'embed',
  'svg',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'button',
  'select',
  'input',
  'textarea',
  'meta',
  'link',
  'base',
];

export function htmlToSafeText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
    ],
    limits: { maxInputLength: 5_000_000 },
  });
}
