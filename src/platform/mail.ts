import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database, Executor } from './database.ts';
import { outbox, outboxSecrets } from './mail-schema.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /**
   * Values in the text that must never be stored (sign-in codes): the outbox copy always has them
   * replaced by "[redacted]"; the full text goes to the SMTP server from memory only.
   */
  secrets?: string[];
  /** Until when the secrets are any use (a code's expiry): how long development may show them. */
  secretsExpireAt?: Date;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly string[] = []): string {
  return secrets.filter((s) => s.length > 0).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

/** The text with its secrets put back (the development outbox page only). */
export function unredact(text: string, secrets: readonly string[]): string {
  if (secrets.length === 1) return text.split(REDACTED).join(secrets[0]);
  return secrets.length ? `${text}\n\n(Redacted: ${secrets.join(', ')})` : text;
}

const DEFAULT_SECRET_MINUTES = 15;

/**
 * Sends email through SMTP (SMTP_URL, e.g. smtp://user:pass@host:587) and records every message in
 * the outbox table, with any secrets (sign-in codes) redacted. Without SMTP_URL (development and
 * tests) mail is only recorded in the outbox, which the outbox page shows; then, and only if
 * `revealSecretsInOutbox` (never in production), the secrets are kept apart in `outbox_secrets` until
 * they expire or are used, so that a developer can read the code there (docs/adr/0003-authentication.md).
 */
export function createMailer(
  db: Database,
  options: { smtpUrl?: string; from: string; revealSecretsInOutbox?: boolean },
): Mailer {
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
    async send({ secrets = [], secretsExpireAt, ...mail }) {
      const [row] = await db
        .insert(outbox)
        .values({
          toAddress: mail.to,
          subject: mail.subject,
          textBody: redact(mail.text, secrets),
          transport: transporter ? 'smtp' : 'outbox',
        })
        .returning({ id: outbox.id });
      if (!transporter) {
        if (options.revealSecretsInOutbox && secrets.length) {
          await db.insert(outboxSecrets).values({
            outboxId: row!.id,
            toAddress: mail.to,
            secrets,
            expiresAt: secretsExpireAt ?? new Date(Date.now() + DEFAULT_SECRET_MINUTES * 60_000),
          });
        }
        return;
      }
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

/** Forgets the development copies of the secrets mailed to an address (its code was used or replaced). */
export async function forgetMailSecrets(db: Executor, toAddress: string): Promise<void> {
  await db.delete(outboxSecrets).where(eq(outboxSecrets.toAddress, toAddress));
}

/** Forgets the development copies of secrets that have expired; returns how many mails had them. */
export async function deleteExpiredMailSecrets(db: Executor, now = new Date()): Promise<number> {
  const gone = await db
    .delete(outboxSecrets)
    .where(lte(outboxSecrets.expiresAt, now))
    .returning({ id: outboxSecrets.outboxId });
  return gone.length;
}

/** The development copies of the secrets of these outbox mails, while they last. */
export async function mailSecretsOf(db: Executor, outboxIds: number[], now = new Date()) {
  if (!outboxIds.length) return new Map<number, string[]>();
  const rows = await db
    .select({ id: outboxSecrets.outboxId, secrets: outboxSecrets.secrets })
    .from(outboxSecrets)
    .where(and(inArray(outboxSecrets.outboxId, outboxIds), gt(outboxSecrets.expiresAt, now)));
  return new Map(rows.map((r) => [r.id, r.secrets]));
}
