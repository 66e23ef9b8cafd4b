import { registerHooks } from 'node:module';

/**
 * Module resolution for drizzle-orm without Node re-reading its package.json each time (start-up).
 *
 * drizzle-orm's package.json is 179 KB, nearly all of it the map of its 447 entry points. Node 24
 * copies a package's settings out of that file with an object spread, which parses the whole map
 * again, once for every `.js` file of the package it loads (to learn the package's module type) and
 * once for every one of our files that imports `drizzle-orm` (to find the entry point). That was
 * about 1.2 s of the 2.2 s it took to load the application's modules on a first start, spent on the
 * one thread that also starts everything else, while PostgreSQL initialises beside it.
 *
 * Two answers that never change while the process runs are given directly, and every other
 * specifier goes to Node as before:
 * - a relative `.js` import from one drizzle-orm module to another is that file, as an ES module
 *   (the package says `"type": "module"` and has no nested package.json);
 * - `drizzle-orm` or one of its entry points imported from outside node_modules is resolved by
 *   Node once per specifier and conditions, and its answer reused for our other files.
 * `fast-resolve.test.ts` checks every answer against Node's own for all the application's modules.
 */
const PACKAGE_DIR = '/node_modules/drizzle-orm/';

interface Resolved {
  url: string;
  format?: string | null;
  importAttributes?: Record<string, string>;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Resolved;
interface ResolveContext {
  conditions: string[];
  importAttributes: Record<string, string>;
  parentURL: string | undefined;
}

const entryPoints = new Map<string, Resolved>();

/** The `resolve` hook; `null` when Node's own resolution is needed (see `installFastResolve`). */
export function fastResolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): (Resolved & { shortCircuit: true }) | null {
  const parent = context.parentURL;
  if (!parent?.startsWith('file:')) return null;
  if (parent.includes(PACKAGE_DIR) && specifier.startsWith('.') && specifier.endsWith('.js')) {
    return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
  }
  if (
    (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) &&
    !parent.includes('/node_modules/')
  ) {
    const key = `${specifier}\0${context.conditions.join(',')}`;
    let resolved = entryPoints.get(key);
    if (!resolved) {
      resolved = nextResolve(specifier, context);
      entryPoints.set(key, resolved);
    }
    return { ...resolved, shortCircuit: true };
  }
  return null;
}

/** Registers `fastResolve` for the modules this process imports from now on. */
export function installFastResolve(): void {
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      fastResolve(specifier, context as ResolveContext, nextResolve as NextResolve) ??
      nextResolve(specifier, context),
  });
}
