import type { CaptchaProviderName } from '../../config/captcha-settings.js';
import { html, type SafeHtml } from '../../views/html.js';
import { CAPTCHA_WIDGETS } from './captcha-providers.js';

/**
 * The widget in the sign form: a field of its own (`data-field="captcha"`, `id="captcha"`) so
 * that the form's error list and its script can point at it like at any other field.
 */
export function captchaWidget(provider: CaptchaProviderName, siteKey: string, locale: string, error?: { text: string; prefix: string }): SafeHtml {
  const w = CAPTCHA_WIDGETS[provider];
  const script = w.script.replace('{lang}', encodeURIComponent(locale));
  return html`<div class="field captcha${error ? ' invalid' : ''}" data-field="captcha">
${error ? html`<p class="error" id="captcha-error"><span class="visually-hidden">${error.prefix}</span>${error.text}</p>` : ''}<div id="captcha" class="${w.className}" data-sitekey="${siteKey}" data-language="${locale}"${
    error ? html` aria-describedby="captcha-error"` : ''
  }></div>
<script src="${script}" async defer></script>
</div>`;
}
