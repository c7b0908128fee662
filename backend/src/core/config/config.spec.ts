import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('is demo mode without DATABASE_URL and production with it', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/bcc-cfg-test', JWT_SECRET: 'x'.repeat(32) }).mode).toBe('demo');
    const prod = loadConfig({ DATABASE_URL: 'postgres://bcc_api:p@db/bcc', JWT_SECRET: 'x'.repeat(40), CORS_ORIGINS: 'https://app.example' });
    expect(prod).toMatchObject({ mode: 'production', dbPoolMax: 6, port: 3000, corsOrigins: ['https://app.example'] });
  });

  it('refuses demo mode under NODE_ENV=production and a missing or short JWT_SECRET with a database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a@b/c' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a@b/c', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('validates numbers, URLs and the storage driver', () => {
    const base = { DATABASE_URL: 'postgres://a@b/c', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...base, DB_POOL_MAX: '0' })).toThrow(/DB_POOL_MAX/);
    expect(() => loadConfig({ ...base, PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...base, DATABASE_READ_URL: 'mysql://x' })).toThrow(/DATABASE_READ_URL/);
    expect(() => loadConfig({ ...base, STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
    expect(loadConfig({ ...base, STORAGE_DRIVER: 's3', S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'true' }).storage.s3).toMatchObject({ bucket: 'b', forcePathStyle: true });
  });
});
