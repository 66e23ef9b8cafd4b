import nodemailer, { type Transporter } from 'nodemailer';
import { eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { outbox } from './mail-schema.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Sends email through SMTP (SMTP_URL, e.g. smtp://user:pass@host:587) and records every message in
 * the outbox table. Without SMTP_URL (development and tests) mail is only recorded in the outbox,
 * which the outbox page shows.
 */
export function createMailer(db: Database, options: { smtpUrl?: string; from: string }): Mailer {
  const transporter: Transporter | null = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return {
    async send(mail) {
      const [row] = await db
        .insert(outbox)
        .values({
          toAddress: mail.to,
          subject: mail.subject,
          textBody: mail.text,
          transport: transporter ? 'smtp' : 'outbox',
        })
        .returning({ id: outbox.id });
      if (!transporter) return;
      try {
        const info = await transporter.sendMail({ from: options.from, ...mail });
        await db.update(outbox).set({ sentAt: new Date(), messageId: info.messageId }).where(eq(outbox.id, row!.id));
      } catch (error) {
        await db.update(outbox).set({ error: String(error) }).where(eq(outbox.id, row!.id));
        throw error;
      }
    },
  };
}
