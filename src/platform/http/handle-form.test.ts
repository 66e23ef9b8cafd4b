import Fastify, { type FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StaleEditError } from '../edit-versions.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { FormState } from '../http.ts';
import { handleForm } from './handle-form.ts';

/** A real Fastify app whose `formErrors` keeps the state it was given, so the answer can be read. */
// biome-ignore lint/suspicious/noExplicitAny: each test's change reads the input it expects
type Change = (input: any) => Promise<FastifyReply>;

async function appWith(route: Change, schema?: z.ZodType) {
  const app = Fastify();
  app.decorateReply('formErrors', function (this, location: string, state: FormState) {
    return this.code(303).header('x-state', JSON.stringify(state)).redirect(location);
  });
  app.setErrorHandler((error, _request, reply) => reply.code(500).send({ name: (error as Error).name }));
  app.post('/form', async (request, reply) =>
    schema
      ? handleForm(reply, { formUrl: '/form', body: request.body, schema, conflictField: 'place' }, route)
      : handleForm(reply, { formUrl: '/form', body: request.body, conflictField: 'place' }, route),
  );
  await app.ready();
  return app;
}

const post = async (app: Awaited<ReturnType<typeof appWith>>, payload: Record<string, unknown>) => {
  const response = await app.inject({ method: 'POST', url: '/form', payload });
  const state = response.headers['x-state'];
  return { response, state: state ? (JSON.parse(String(state)) as FormState) : null };
};

describe('handleForm', () => {
  it('gives the change the input with every text trimmed', async () => {
    let seen: unknown;
    const app = await appWith(async (input) => {
      seen = input;
      return Promise.reject(new Error('unused'));
    });
    await post(app, { email: '  sam@example.org ', names: [' a ', 'b '], newPassword: ' secret ' });
    expect(seen).toEqual({ email: 'sam@example.org', names: ['a', 'b'], newPassword: ' secret ' });
  });

  it('sends wrong input back to the form with its errors and the input kept, never a password or the token', async () => {
    const app = await appWith(
      async () => {
        throw new Error('not reached');
      },
      z.object({ name: z.string().min(1, 'Enter a name'), age: z.coerce.number() }),
    );
    const { response, state } = await post(app, { name: ' ', age: '4', password: 'secret', _csrf: 't' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/form');
    expect(state?.errors).toEqual([expect.objectContaining({ field: 'name', message: 'Enter a name' })]);
    expect(state?.values).toEqual({ name: '', age: '4' });
  });

  it('maps a ValidationError and a ConflictError to the form, on the conflict field', async () => {
    const invalid = await appWith(async () => {
      throw new ValidationError([{ field: 'day', message: 'Enter a real date' }]);
    });
    expect((await post(invalid, { day: '31' })).state?.errors[0]).toMatchObject({ field: 'day' });
    const full = await appWith(async () => {
      throw new ConflictError('The event is full');
    });
    const { state } = await post(full, { title: 'x' });
    expect(state?.errors[0]).toMatchObject({ field: 'place', message: 'The event is full' });
    expect(state?.values).toEqual({ title: 'x' });
  });

  it('answers a stale edit with the page of both versions when the form has one, given what was posted', async () => {
    const app = Fastify();
    app.decorateReply('formErrors', function (this) {
      return this.code(303).redirect('/form');
    });
    app.post('/form', async (request, reply) =>
      handleForm(
        reply,
        { formUrl: '/form', body: request.body, onStale: (yours) => reply.code(409).send({ yours }) },
        async () => {
          throw new StaleEditError(1, 2);
        },
      ),
    );
    const response = await app.inject({
      method: 'POST',
      url: '/form',
      payload: { title: 'Mine', version: '1', _csrf: 't' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ yours: { title: 'Mine' } });
  });

  it('leaves a stale edit and any other error to the error handler', async () => {
    const stale = await appWith(async () => {
      throw new StaleEditError(1, 2);
    });
    expect((await post(stale, {})).response.statusCode).toBe(500);
    const broken = await appWith(async () => {
      throw new TypeError('bug');
    });
    expect((await post(broken, {})).response.json()).toEqual({ name: 'TypeError' });
  });
});
