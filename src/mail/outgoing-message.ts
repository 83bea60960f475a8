/** A message ready for nodemailer's sendMail, plus its envelope. */
export interface OutgoingMessage {
  from: { name: string; address: string };
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
}
