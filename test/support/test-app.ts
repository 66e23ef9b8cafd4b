import type { FastifyInstance } from 'fastify';
import { buildApp, buildServices } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Services } from '../../src/platform/services.ts';
import { createTestDatabase } from './database.ts';

export interface TestContext {
  app: FastifyInstance;
  services: Services;
  db: Services['db'];
  close(): Promise<void>;
}

/** The real app with real services on a fresh database. */
export async function createTestApp(
  overrides: Partial<Services> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, ...env });
  const services = buildServices(config, database.db, overrides);
  const app = await buildApp(services);
  await app.ready();
  return {
    app,
    services,
    db: database.db,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
