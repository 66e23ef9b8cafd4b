// Compiles the stylesheet (GOV.UK Frontend with our own font and colours) into public/. Run on install.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as sass from 'sass';

const root = path.resolve(import.meta.dirname, '..');
const result = sass.compile(path.join(root, 'src/platform/assets/application.scss'), {
  loadPaths: [path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin'] as sass.DeprecationOrVersion[],
});
mkdirSync(path.join(root, 'public'), { recursive: true });
writeFileSync(path.join(root, 'public/application.css'), result.css);
console.log(`Built public/application.css (${Math.round(result.css.length / 1024)} KB)`);
