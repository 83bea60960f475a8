/** The browser pages' session: the same JWT as the Bearer token, in a secure, http-only cookie. */
export const SESSION_COOKIE = 'appeals_session';
