import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { benchDatabase } from './support.ts';

const name = process.argv[2] ?? 'mh_everypage';
const t0 = performance.now();
const database = await benchDatabase('postgres://postgres@127.0.0.1:5432/postgres', name);
await loadDemoData(
  buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db),
  silentProgress,
);
console.log('loaded', (performance.now() - t0) / 1000);
await database.close();
process.exit(0);
