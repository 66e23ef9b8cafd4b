import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const url = (file: string) => pathToFileURL(path.join(root, file)).href;

describe('fast resolution of drizzle-orm (start-up)', () => {
  it("gives Node's own answer for every drizzle-orm module the server loads", () => {
    // A second process loads the server's modules with a hook that asks both fastResolve and Node,
    // and fails on any difference of URL or module format.
    const script = `
      import { registerHooks } from 'node:module';
      import { fastResolve } from ${JSON.stringify(url('src/platform/fast-resolve.ts'))};
      let given = 0;
      registerHooks({
        resolve(specifier, context, nextResolve) {
          const fast = fastResolve(specifier, context, nextResolve);
          const own = nextResolve(specifier, context);
          if (fast) {
            given++;
            if (fast.url !== own.url || (fast.format ?? null) !== (own.format ?? null))
              throw new Error('different: ' + specifier + ' from ' + context.parentURL + ': ' +
                JSON.stringify(fast) + ' against ' + JSON.stringify(own));
          }
          return own;
        },
      });
      for (const file of ${JSON.stringify(['src/app.ts', 'src/modules/demo/load-demo.ts', 'src/platform/runtime.ts', 'src/platform/mail-queue.ts'].map(url))})
        await import(file);
      process.stdout.write(JSON.stringify({ given }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const { given } = JSON.parse(out.trim().split('\n').pop()!) as { given: number };
    // Hundreds of drizzle-orm's own modules and our imports of it were answered, all as Node does.
    expect(given).toBeGreaterThan(300);
  }, 60_000);

  it('leaves every other specifier to Node', async () => {
    const { fastResolve } = await import('./fast-resolve.ts');
    const context = { conditions: ['node', 'import'], importAttributes: {}, parentURL: url('src/app.ts') };
    const next = () => {
      throw new Error('not asked');
    };
    expect(fastResolve('fastify', context, next)).toBeNull();
    expect(fastResolve('./views.ts', context, next)).toBeNull();
    expect(fastResolve('node:path', context, next)).toBeNull();
    // A relative import inside another package is Node's to answer.
    const inPg = { ...context, parentURL: url('node_modules/pg/lib/index.js') };
    expect(fastResolve('./client.js', inPg, next)).toBeNull();
  });
});
