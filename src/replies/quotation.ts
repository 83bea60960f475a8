/**
 * An answer without the letter it quotes (pure): what the public sees of a published reply. A
 * reply quotes the supporter's letter (their name, country, comment) below or inside the answer;
 * those lines are not the official's words and not for the campaign page. Cut: lines quoted with
 * `>`, and everything from the first line that opens a quoted original ("On … wrote:",
 * "-----Original Message-----", an Outlook "From: … / Sent: …" block, and their French, German,
 * Russian and Arabic forms).
 */

const OPENS_ORIGINAL: RegExp[] = [
  /^-{2,}\s*(original message|message d['’]origine|ursprüngliche nachricht|исходное сообщение|الرسالة الأصلية)\s*-{2,}\s*$/i,
  /^_{8,}\s*$/,
  /^(on|le|am)\b.{0,300}\b(wrote|a écrit|schrieb)\b.{0,200}:\s*$/i,
  /^.{0,300}(написал|написала|написал\(а\))\s*:\s*$/i,
  /^.{0,300}كتب\s*:\s*$/,
];
/** an Outlook header block: "From: …" followed, within two lines, by "Sent:"/"Date:"/"Envoyé :"/"Gesendet:"/"Отправлено:"/"تاريخ الإرسال:" */
const OUTLOOK_FROM = /^\*?(from|de|von|от|من)\s*:\*?\s/i;
const OUTLOOK_NEXT = /^\*?(sent|date|envoyé|gesendet|datum|отправлено|дата|تاريخ الإرسال|التاريخ|to|à|an|кому|إلى)\s*:\*?\s/i;

export function withoutQuotation(text: string): string {
  const lines = text.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (OPENS_ORIGINAL.some((r) => r.test(line)) || (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 3).some((l) => OUTLOOK_NEXT.test(l.trim())))) {
      end = i;
      break;
    }
  }
  return lines
    .slice(0, end)
    .filter((l) => !/^\s*>/.test(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
