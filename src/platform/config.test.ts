import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.showDemoShortcuts).toBe(true);
  });
  it('listens on this machine only unless HOST says otherwise', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
  it('takes PORT and DATABASE_URL, and treats an empty variable as unset', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h:5432/d' });
    expect([c.PORT, c.DATABASE_URL]).toEqual([8080, 'postgres://u@h:5432/d']);
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
  it('rejects a bad value clearly and demands a session secret in production', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).showDemoShortcuts).toBe(
      false,
    );
  });
  it('has a statement timeout per kind of work, in seconds, and none for a kind set to 0', () => {
    const c = loadConfig({});
    expect([
      c.QUERY_TIMEOUT_PAGE_SECONDS,
      c.QUERY_TIMEOUT_API_SECONDS,
      c.QUERY_TIMEOUT_REPORT_SECONDS,
      c.QUERY_TIMEOUT_IMPORT_SECONDS,
    ]).toEqual([15, 30, 120, 600]);
    expect(loadConfig({ QUERY_TIMEOUT_PAGE_SECONDS: '0' }).QUERY_TIMEOUT_PAGE_SECONDS).toBe(0);
    expect(() => loadConfig({ QUERY_TIMEOUT_API_SECONDS: '-1' })).toThrow(/QUERY_TIMEOUT_API_SECONDS/);
    expect([c.IMPORT_CONCURRENCY, c.IMPORT_WAIT_SECONDS]).toEqual([undefined, 30]);
  });
});
