/** The browser pages' session: the same JWT as the Bearer token, in a secure, http-only cookie. */
export const SESSION_COOKIE = 'appeals_session';
/** The header a page's script sends its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** The form field a page's form sends its session's CSRF token in. */
export const CSRF_FIELD = '_csrf';
