#!/usr/bin/env node
// The `mathshubs` command: runs src/cli.ts with the project's own Node.js 24 where npm installed it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localNode = path.join(root, 'node_modules/node/bin/node');
const node = existsSync(localNode) ? localNode : process.execPath;
const result = spawnSync(node, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
  env: { ...process.env, NODE_OPTIONS: '' },
});
process.exit(result.status ?? 1);
