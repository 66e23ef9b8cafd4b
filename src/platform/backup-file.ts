import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { DomainError } from './errors.ts';

/**
 * What the platform's backup (backup.ts) and restore (restore.ts) share: the file's header and its
 * manifest, reading the file's lines, and the catalogue queries both ask of the database.
 */

export const MAGIC = '-- Maths Hubs Platform backup';
export const MANIFEST = '-- manifest: ';
export const FORMAT_VERSION = 1;

export interface BackupManifest {
  format: 'mathshubs-backup';
  version: number;
  createdAt: string;
  serverVersion: string;
  /** The platform's migrations applied to the database, oldest first (drizzle's hash and time). */
  migrations: { hash: string; createdAt: string }[];
  tables: { name: string; columns: string[]; rows: number }[];
  sequences: { name: string; value: number | null }[];
}

export const ident = (name: string) => pg.escapeIdentifier(name);
export const qualified = (name: string) => `${ident('public')}.${ident(name)}`;

/** The tables of the public schema, each after the tables it refers to (foreign keys). */
export async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const r of references) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (placed.has(name) || visiting.has(name)) return; // a cycle: restore does not check keys while loading
    visiting.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent);
    visiting.delete(name);
    placed.add(name);
    ordered.push(name);
  };
  for (const t of tables) visit(t.name);
  return ordered;
}

export async function columnsOf(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [qualified(table)],
  );
  return rows.map((r) => r.name);
}

export async function appliedMigrations(client: pg.ClientBase): Promise<BackupManifest['migrations']> {
  const { rows: found } = await client.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!found[0]?.present) return [];
  const { rows } = await client.query<{ hash: string; created_at: string }>(
    'SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY created_at, id',
  );
  return rows.map((r) => ({ hash: r.hash, createdAt: r.created_at }));
}

/** Writes `text` to a stream, waiting if it is full. */
export async function write(out: Writable, text: string | Buffer): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** The lines of a stream (without their line ends), as they come. */
async function* linesOf(source: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of source) {
    const text = rest + chunk;
    const lines = text.split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  if (rest) yield rest;
}

export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A backup file's lines, decoded as UTF-8 (a character split between two chunks is kept whole). */
export function fileLines(file: string, gzip: boolean): AsyncGenerator<string> {
  const stream = createReadStream(file);
  return linesOf((gzip ? stream.pipe(createGunzip()) : stream).setEncoding('utf8'));
}

/** Reads a backup's header, checking that it is one. */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  const handle = await open(file);
  try {
    const { buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (buffer.toString('latin1') === 'PGDMP') {
      throw new DomainError(
        `${file} is a pg_dump archive (made with --pg-dump): restore it with pg_restore, as docs/operations.md describes`,
      );
    }
  } finally {
    await handle.close();
  }
  const lines = fileLines(file, await isGzip(file));
  try {
    const first = await lines.next();
    const second = await lines.next();
    if (first.done || !first.value.startsWith(MAGIC) || second.done || !second.value.startsWith(MANIFEST)) {
      throw new DomainError(`${file} is not a backup made by \`mathshubs backup\``);
    }
    const manifest = JSON.parse(second.value.slice(MANIFEST.length)) as BackupManifest;
    if (manifest.format !== 'mathshubs-backup' || manifest.version > FORMAT_VERSION) {
      throw new DomainError(`${file} is a backup in a format this version of the platform does not read`);
    }
    return manifest;
  } finally {
    await lines.return(undefined);
  }
}
