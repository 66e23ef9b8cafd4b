import path from 'node:path';
import { z } from 'zod';

// An empty variable (`DATABASE_URL= npm start`) means unset.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const environment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address to listen on: this machine only unless a deployment sets HOST=0.0.0.0 (e.g. in a container). */
  HOST: optional(z.string()).transform((v) => v ?? '127.0.0.1'),
  DATABASE_URL: optional(z.string().url()),
  DATA_DIR: z.string().default(path.resolve('data')),
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  SESSION_SECRET: optional(z.string().min(32)),
  SMTP_URL: optional(z.string()),
  MAIL_FROM: z.string().default('Maths Hubs Platform <no-reply@mathshubs.example>'),
  /** Trust X-Forwarded-For (client addresses for rate limits) only behind a proxy that overwrites it. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  PUBLIC_URL: z.string().default('http://localhost:3000'),
  /** Memory for kept pages (src/platform/page-cache.ts), in MB; 0 turns the cache off. Off in development. */
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  /**
   * Statement timeouts by kind of work, in seconds (0: none): pages, API calls, reports and downloads,
   * imports by upload. The command line and queued jobs have none (docs/operations.md).
   */
  QUERY_TIMEOUT_PAGE_SECONDS: z.coerce.number().min(0).default(15),
  QUERY_TIMEOUT_API_SECONDS: z.coerce.number().min(0).default(30),
  QUERY_TIMEOUT_REPORT_SECONDS: z.coerce.number().min(0).default(120),
  QUERY_TIMEOUT_IMPORT_SECONDS: z.coerce.number().min(0).default(600),
  /** Uploaded files read at once across the process (default one per CPU), and how long others wait. */
  IMPORT_CONCURRENCY: optional(z.coerce.number().int().min(1).max(64)),
  IMPORT_WAIT_SECONDS: z.coerce.number().min(0).default(30),
  /** Where uploaded documents' bytes are kept: PostgreSQL (the default) or an S3-compatible bucket (ADR 0010). */
  DOCUMENT_STORE: z.enum(['postgres', 's3']).default('postgres'),
  /** The S3-compatible store (DOCUMENT_STORE=s3): its address (e.g. https://s3.eu-west-2.amazonaws.com), bucket and keys. */
  S3_ENDPOINT: optional(z.string().url()),
  S3_BUCKET: optional(z.string()),
  S3_ACCESS_KEY_ID: optional(z.string()),
  S3_SECRET_ACCESS_KEY: optional(z.string()),
  S3_REGION: z.string().default('us-east-1'),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
});

export type Config = Omit<z.infer<typeof environment>, 'LOG_LEVEL'> & {
  LOG_LEVEL: NonNullable<z.infer<typeof environment>['LOG_LEVEL']>;
  isProduction: boolean;
  showDemoShortcuts: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new Error('SESSION_SECRET (at least 32 characters) is required in production');
  }
  if (
    c.DOCUMENT_STORE === 's3' &&
    !(c.S3_ENDPOINT && c.S3_BUCKET && c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY)
  ) {
    throw new Error(
      'DOCUMENT_STORE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    );
  }
  return {
    ...c,
    // Request logs by default in production; a quiet terminal in development.
    LOG_LEVEL: c.LOG_LEVEL ?? (c.NODE_ENV === 'production' ? 'info' : 'warn'),
    isProduction: c.NODE_ENV === 'production',
    showDemoShortcuts: c.NODE_ENV !== 'production',
  };
}

/** The secret that signs cookies and keys sign-in code hashes: SESSION_SECRET, or a development-only value. */
export const signingSecret = (config: Pick<Config, 'SESSION_SECRET'>): string =>
  config.SESSION_SECRET ?? 'development-only-secret-not-for-production-use';
