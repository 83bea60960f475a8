import libmime from 'libmime';

/**
 * A header value as a mail client shows it: folding undone, RFC 2047 encoded words
 * (`=?UTF-8?B?…?=`) decoded by libmime, mailparser's own decoder. Text that is not encoded comes
 * back as it was, only unfolded and trimmed.
 */
export function decodeHeader(value: string): string {
  const unfolded = value.replace(/\r?\n(?=[ \t])/g, '').trim();
  try {
    return libmime.decodeWords(unfolded);
  } catch {
    return unfolded;
  }
}
