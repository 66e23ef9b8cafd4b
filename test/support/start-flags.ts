import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Node.js's options as `npm start` gives them (package.json's start script, without its script), so
 * the servers the tests and benchmarks start run as the product does: TypeScript run by Node.js itself,
 * and the heap's sizes that keep the server's memory in bounds (docs/operations.md).
 */
export const startFlags: string[] = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')).scripts
    .start as string
)
  .split(' ')
  .slice(1)
  .filter((arg) => arg.startsWith('--'));
