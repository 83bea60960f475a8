import type { ConsoleRequest } from '../console-context.js';

/**
 * The CSV of an import form: the chosen file (multipart/form-data, read as UTF-8 text by the
 * multipart parser, see bootstrap.ts), or else the pasted text.
 */
export async function readUpload(_req: ConsoleRequest, body: unknown): Promise<{ text: string; pasted: boolean }> {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const file = typeof fields.file === 'string' ? fields.file.replace(/^\uFEFF/, '') : '';
  if (file.trim()) return { text: file.replace(/\r\n?/g, '\n'), pasted: false };
  const pasted = typeof fields.csv === 'string' ? fields.csv : '';
  return { text: pasted.replace(/\r\n?/g, '\n'), pasted: true };
}
