import { ConfigError, loadConfig } from './config';

function problems(env: Record<string, string>): Record<string, string[]> {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return {};
}

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: './.data',
      LOG_LEVEL: 'info',
      DATABASE_URL: undefined,
    });
  });

  it('names DATABASE_URL when it is not a postgres URL', () => {
    expect(Object.keys(problems({ DATABASE_URL: 'not-a-url' }))).toEqual(['DATABASE_URL']);
    expect(Object.keys(problems({ DATABASE_URL: 'mysql://db/x' }))).toEqual(['DATABASE_URL']);
    expect(problems({ DATABASE_URL: 'postgres://u:p@db:5432/perkrank' })).toEqual({});
  });

  it('requires a JWT_SECRET and a PSEUDONYM_KEY of 32+ characters in production only', () => {
    const key = 'k'.repeat(32);
    expect(Object.keys(problems({ NODE_ENV: 'production' })).sort()).toEqual(['JWT_SECRET', 'PSEUDONYM_KEY']);
    expect(
      Object.keys(problems({ NODE_ENV: 'production', PSEUDONYM_KEY: key, JWT_SECRET: 'x'.repeat(31) })),
    ).toEqual(['JWT_SECRET']);
    expect(
      Object.keys(problems({ NODE_ENV: 'production', JWT_SECRET: key, PSEUDONYM_KEY: 'short' })),
    ).toEqual(['PSEUDONYM_KEY']);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PSEUDONYM_KEY: key })).toEqual({});
    expect(problems({})).toEqual({});
  });

  it('reports every bad variable at once, by name, in the message', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', ADMIN_EMAIL: 'a@b.co' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(Object.keys(error.problems).sort()).toEqual(['ADMIN_PASSWORD', 'LOG_LEVEL', 'PORT']);
    expect(error.message).toMatch(/PORT/);
    expect(error.message).toMatch(/LOG_LEVEL/);
  });

  it('parses numbers and booleans from strings', () => {
    expect(loadConfig({ PORT: '8080', TRUST_PROXY: 'true', WORKER_IN_API: '0' })).toMatchObject({
      PORT: 8080,
      TRUST_PROXY: true,
      WORKER_IN_API: false,
    });
  });

  it('seeds the demo world unless PERKRANK_DEMO is false, and names a value that is not a boolean', () => {
    expect(loadConfig({}).PERKRANK_DEMO).toBe(true);
    expect(loadConfig({ PERKRANK_DEMO: 'false' }).PERKRANK_DEMO).toBe(false);
    expect(loadConfig({ PERKRANK_DEMO: 'off' }).PERKRANK_DEMO).toBe(false);
    expect(loadConfig({ PERKRANK_DEMO: 'true' }).PERKRANK_DEMO).toBe(true);
    expect(Object.keys(problems({ PERKRANK_DEMO: 'maybe' }))).toEqual(['PERKRANK_DEMO']);
  });

  it('reads the moderation ceilings and deny list, and names a malformed ceiling list', () => {
    const config = loadConfig({
      MODERATION_VALUE_CEILING_MINOR: 'EUR:50000, JPY : 9000000',
      MODERATION_DENY_WORDS: 'casino, free money ,,',
    });
    expect(config.moderationValueCeilings).toEqual({ EUR: 50000, JPY: 9000000 });
    expect(config.moderationDenyWords).toEqual(['casino', 'free money']);
    expect(loadConfig({ MODERATION_DENY_WORDS: ',' }).moderationDenyWords).toEqual([]);
    expect(loadConfig({}).moderationValueCeilings).toMatchObject({ EUR: 100000, USD: 100000 });
    expect(Object.keys(problems({ MODERATION_VALUE_CEILING_MINOR: 'EUR=100' }))).toEqual([
      'MODERATION_VALUE_CEILING_MINOR',
    ]);
    expect(Object.keys(problems({ MODERATION_VALUE_CEILING_MINOR: 'eur:100' }))).toEqual([
      'MODERATION_VALUE_CEILING_MINOR',
    ]);
  });
});
