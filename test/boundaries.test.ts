import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/platform/views.ts';

/**
 * The module boundaries (docs/ARCHITECTURE.md, "Boundaries"), checked on the source itself:
 *  - src/platform/ is below every module: no platform file imports a module, nor the composition
 *    root (src/app.ts, src/server.ts, src/cli.ts, src/schema.ts);
 *  - a route file (routes.ts, *-routes.ts) reads and writes only through its own module's tables:
 *    it imports no other module's schema.ts (it calls that module's functions instead);
 *  - delivery changes go through one hook: activities (the owner of delivery records) imports nothing
 *    of funding (funding follows it through `deliveryChanged`), and only funding and the composition
 *    root import funding's refresh-statements.ts.
 * Tests are not checked: a test may set up any table it needs.
 */

/** Every relative module specifier a file imports or re-exports (static and dynamic). */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.push(match[1]!);
  }
  return found.filter((specifier) => specifier.startsWith('.'));
}

const isTest = (file: string) => /\.(int\.)?test\.ts$|\.int-support\.ts$|\.browser\.test\.ts$/.test(file);
const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const isRouteFile = (file: string) => /(^|\/)(routes|[^/]+-routes)\.ts$/.test(file);
const rootFiles = new Set([
  'src/app.ts',
  'src/server.ts',
  'src/cli.ts',
  'src/schema.ts',
  'src/subscriptions.ts',
]);
/**
 * The one allowed exception: the database handle is typed by, and given, every table (src/schema.ts
 * lists the modules' schema files), so that Drizzle's relational queries know them.
 */
const allowed = new Set(['src/platform/database.ts -> src/schema.ts']);

/** The broken rules among these files (paths relative to the project, with their sources). */
function boundaryViolations(files: { file: string; source: string }[]): string[] {
  const problems: string[] = [];
  for (const { file, source } of files) {
    if (isTest(file)) continue;
    for (const specifier of importsOf(source)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const platformUp =
        file.startsWith('src/platform/') && (target.startsWith('src/modules/') || rootFiles.has(target));
      if (platformUp && !allowed.has(`${file} -> ${target}`)) {
        problems.push(`${file} imports ${target}: platform must not import a module or the composition root`);
      }
      const owner = moduleOf(file);
      const targetModule = moduleOf(target);
      if (
        owner &&
        isRouteFile(file) &&
        targetModule &&
        targetModule !== owner &&
        target === `src/modules/${targetModule}/schema.ts`
      ) {
        problems.push(
          `${file} imports ${target}: a route file must not import another module's schema (call that module's functions)`,
        );
      }
      if (owner === 'activities' && targetModule === 'funding') {
        problems.push(`${file} imports ${target}: activities must not import funding (call deliveryChanged)`);
      }
      if (
        target === 'src/modules/funding/refresh-statements.ts' &&
        owner !== 'funding' &&
        !rootFiles.has(file)
      ) {
        problems.push(
          `${file} imports ${target}: a change to delivery records calls deliveryChanged (activities/delivery-changed.ts), not funding`,
        );
      }
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

describe('module boundaries', () => {
  it('finds the imports of a file, on one line or several, static or dynamic', () => {
    const source = `import { a } from './a.ts';\nimport {\n  b,\n  c,\n} from '../b.ts';\nimport 'zod';\nimport './side.ts';\nexport { d } from './d.ts';\nconst e = await import('./e.ts');`;
    expect(importsOf(source).sort()).toEqual(['../b.ts', './a.ts', './d.ts', './e.ts', './side.ts']);
  });

  it('tells a platform file importing a module, and a route file importing another module’s schema', () => {
    expect(
      boundaryViolations([
        {
          file: 'src/platform/principal.ts',
          source: `import type { Role } from '../modules/people/schema.ts';`,
        },
        { file: 'src/platform/cli-output.ts', source: `import type { Services } from '../app.ts';` },
        { file: 'src/platform/mail.ts', source: `import { paths } from './paths.ts';` },
        { file: 'src/modules/funding/routes.ts', source: `import { ncps } from '../catalogue/schema.ts';` },
        {
          file: 'src/modules/funding/claim-routes.ts',
          source: `import { x } from '../catalogue/schema.ts';`,
        },
        { file: 'src/modules/funding/routes.ts', source: `import { claims } from './schema.ts';` },
        { file: 'src/modules/funding/load.ts', source: `import { ncps } from '../catalogue/schema.ts';` },
        {
          file: 'src/modules/funding/routes.ts',
          source: `import { listNcps } from '../catalogue/list-ncps.ts';`,
        },
        {
          file: 'src/platform/page-cache.int.test.ts',
          source: `import { people } from '../modules/people/schema.ts';`,
        },
        {
          file: 'src/modules/bulk/import-delivery.ts',
          source: `import { refreshStatements } from '../funding/refresh-statements.ts';`,
        },
        {
          file: 'src/modules/activities/plan-activity.ts',
          source: `import { grantOf } from '../funding/compute-grant.ts';`,
        },
        {
          file: 'src/modules/funding/decide-claim.ts',
          source: `import { refreshStatements } from './refresh-statements.ts';`,
        },
        {
          file: 'src/subscriptions.ts',
          source: `import { reviseStatementsOnDeliveryChange } from './modules/funding/refresh-statements.ts';`,
        },
      ]),
    ).toEqual([
      'src/platform/principal.ts imports src/modules/people/schema.ts: platform must not import a module or the composition root',
      'src/platform/cli-output.ts imports src/app.ts: platform must not import a module or the composition root',
      "src/modules/funding/routes.ts imports src/modules/catalogue/schema.ts: a route file must not import another module's schema (call that module's functions)",
      "src/modules/funding/claim-routes.ts imports src/modules/catalogue/schema.ts: a route file must not import another module's schema (call that module's functions)",
      'src/modules/bulk/import-delivery.ts imports src/modules/funding/refresh-statements.ts: a change to delivery records calls deliveryChanged (activities/delivery-changed.ts), not funding',
      'src/modules/activities/plan-activity.ts imports src/modules/funding/compute-grant.ts: activities must not import funding (call deliveryChanged)',
    ]);
  });

  it('holds in src/', () => {
    const files = sourceFiles('src').map((file) => ({
      file,
      source: readFileSync(path.join(projectRoot, file), 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(100);
    expect(boundaryViolations(files)).toEqual([]);
  });
});
