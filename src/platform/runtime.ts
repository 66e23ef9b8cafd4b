import net from 'node:net';
import type { Config } from './config.ts';
import {
  connect,
  type DatabaseHandle,
  type EmbeddedServer,
  ensureDatabase,
  migrateDatabase,
  startEmbeddedPostgres,
} from './database.ts';

export interface Runtime {
  database: DatabaseHandle;
  /** Closes the pool and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'mathshubs';

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Opens the platform's database: the server at DATABASE_URL, or else the embedded PostgreSQL in
 * DATA_DIR (started here unless another process of the platform already runs it), then migrates it.
 */
export async function openRuntime(
  config: Config,
  options: {
    poolSize?: number;
    /** Work to do while a first start's embedded PostgreSQL initialises (`startEmbeddedPostgres`). */
    whileInitialising?: () => void | Promise<void>;
  } = {},
): Promise<Runtime> {
  let embedded: EmbeddedServer | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    const password = 'mathshubs';
    const serverUrl = (db: string) =>
      `postgres://postgres:${password}@127.0.0.1:${config.EMBEDDED_PG_PORT}/${db}`;
    if (!(await portAnswers(config.EMBEDDED_PG_PORT))) {
      embedded = await startEmbeddedPostgres({
        dataDir: config.DATA_DIR,
        port: config.EMBEDDED_PG_PORT,
        whileInitialising: options.whileInitialising,
      });
    }
    await ensureDatabase(serverUrl('postgres'), EMBEDDED_DATABASE);
    url = serverUrl(EMBEDDED_DATABASE);
  }
  const database = connect(url, options.poolSize);
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    await embedded?.stop();
    throw error;
  }
  return {
    database,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}
