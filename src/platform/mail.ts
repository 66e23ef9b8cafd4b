import { eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from './database.ts';
import { outbox } from './mail-schema.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /**
   * Values in the text that must not be kept once the mail has really left (sign-in codes): the
   * outbox copy of a mail sent through SMTP has them replaced by "[redacted]".
   */
  secrets?: string[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly string[] = []): string {
  return secrets.filter((s) => s.length > 0).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

/**
 * Sends email through SMTP (SMTP_URL, e.g. smtp://user:pass@host:587) and records every message in
 * the outbox table. Without SMTP_URL (development and tests) mail is only recorded in the outbox,
 * which the outbox page shows.
 */
export function createMailer(db: Database, options: { smtpUrl?: string; from: string }): Mailer {
  const transporter: Transporter | null = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        // A slow or absent mail server must not hold a request for minutes (the defaults); settings
        // in the URL's query (?connectionTimeout=…) win over these.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      })
    : null;
  return {
    async send({ secrets, ...mail }) {
      const [row] = await db
        .insert(outbox)
        .values({
          toAddress: mail.to,
          subject: mail.subject,
          textBody: transporter ? redact(mail.text, secrets) : mail.text,
          transport: transporter ? 'smtp' : 'outbox',
        })
        .returning({ id: outbox.id });
      if (!transporter) return;
      try {
        const info = await transporter.sendMail({ from: options.from, ...mail });
        await db
          .update(outbox)
          .set({ sentAt: new Date(), messageId: info.messageId })
          .where(eq(outbox.id, row!.id));
      } catch (error) {
        await db
          .update(outbox)
          .set({ error: redact(String(error), secrets) })
          .where(eq(outbox.id, row!.id));
        throw error;
      }
    },
  };
}
