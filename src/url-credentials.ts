/**
 * `scheme://user:password@` in any text, up to the last `@` of the authority (where URL parsers
 * split user-info from the host, so `a@b@host` hides `a@b`). Quotes, brackets and backslashes end
 * a URL, so a URL inside JSON text does not swallow the fields after it. The scheme's length is
 * capped so a long run of letters costs linear time, not quadratic.
 */
const USER_INFO = /([a-z][a-z0-9+.-]{0,31}:\/\/)(?:[^\s/?#"'<>\\@]*@)+/gi;

/**
 * Hides the user-info of every URL in a text. The CRDs refuse URLs with credentials, but error
 * texts from libraries may quote a URL, and such a text can end up in a status or a log line.
 */
export function hideUrlCredentials(text: string): string {
  return text.replace(USER_INFO, '$1[REDACTED]@');
}
