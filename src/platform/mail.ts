import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
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

/** A mail for the queue: never with secrets (a queued text is stored until it is sent). */
export type QueuedMail = Omit<OutgoingMail, 'secrets' | 'secretsExpireAt'>;

/**
 * The email road (docs/adr/0006): `queue` writes the mail to the outbox in the caller's transaction,
 * so it exists if and only if the change was committed; the mail queue (platform/mail-queue.ts) sends
 * it afterwards with retries (`deliver`). `send` sends at once and is for sign-in codes only (ADR 3:
 * the code must not be stored, and is no use after 15 minutes).
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  queue(tx: Executor, mail: QueuedMail): Promise<void>;
  /** Asks this process's mail queue, if it runs one, to send what is pending now (call after commit). */
  kick(): void;
  /** Sends one queued outbox row (the queue's job); false if it has gone, is sent or is being sent. */
  deliver(id: number): Promise<boolean>;
}

/** How many SMTP tries a queued mail gets (over about a day) before the queue gives up on it. */
export const MAX_MAIL_ATTEMPTS = 24;

const kickers = new WeakMap<Mailer, () => void>();

/** The mail queue of this process tells its mailer how to wake it (null when it stops). */
export function setMailKick(mailer: Mailer, kick: (() => void) | null): void {
  if (kick) kickers.set(mailer, kick);
  else kickers.delete(mailer);
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
 * the outbox table, with any secrets (sign-in codes) redacted. Queued mail is sent by the mail queue;
 * sign-in codes at once. Without SMTP_URL (development and
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
  const mailer: Mailer = {
    async queue(tx, mail) {
      await tx.insert(outbox).values({
        toAddress: mail.to,
        subject: mail.subject,
        textBody: mail.text,
        transport: transporter ? 'smtp' : 'outbox',
      });
    },
    kick() {
      if (transporter) kickers.get(mailer)?.();
    },
    async deliver(id) {
      if (!transporter) return false;
      const outcome = await db.transaction(async (tx) => {
        // The row stays locked while it is sent, so that two jobs for one mail send it once.
        const [row] = await tx
          .select()
          .from(outbox)
          .where(
            and(
              eq(outbox.id, id),
              eq(outbox.transport, 'smtp'),
              isNull(outbox.sentAt),
              isNull(outbox.failedAt),
            ),
          )
          .for('update', { skipLocked: true });
        if (!row) return { sent: false };
        try {
          const info = await transporter.sendMail({
            from: options.from,
            to: row.toAddress,
            subject: row.subject,
            text: row.textBody,
          });
          await tx
            .update(outbox)
            .set({ sentAt: new Date(), messageId: info.messageId, attempts: row.attempts + 1, error: null })
            .where(eq(outbox.id, id));
          return { sent: true };
        } catch (error) {
          const attempts = row.attempts + 1;
          await tx
            .update(outbox)
            .set({
              error: String(error),
              attempts,
              failedAt: attempts >= MAX_MAIL_ATTEMPTS ? new Date() : null,
            })
            .where(eq(outbox.id, id));
          return { sent: false, error };
        }
      });
      // Thrown after the attempt is recorded, so that the queue retries the job.
      if ('error' in outcome) throw outcome.error;
      return outcome.sent;
    },
    async send({ secrets = [], secretsExpireAt, ...mail }) {
      const [row] = await db
        .insert(outbox)
        .values({
          toAddress: mail.to,
          subject: mail.subject,
          textBody: redact(mail.text, secrets),
          transport: transporter ? 'smtp' : 'outbox',
          // Sent now, not by the queue: marked as in hand so that the queue never takes it.
          queuedAt: transporter ? new Date() : null,
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
          .set({ sentAt: new Date(), messageId: info.messageId, attempts: 1 })
          .where(eq(outbox.id, row!.id));
      } catch (error) {
        await db
          .update(outbox)
          .set({ error: redact(String(error), secrets), attempts: 1, failedAt: new Date() })
          .where(eq(outbox.id, row!.id));
        throw error;
      }
    },
  };
  return mailer;
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
