import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (backend/src|dist/core/config → ../../../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
export const MIGRATIONS_DIR = join(REPO_ROOT, 'database', 'migrations');
export const BOOTSTRAP_DIR = join(REPO_ROOT, 'database', 'bootstrap');
export const DEMO_SEED_DIR = join(REPO_ROOT, 'database', 'seed', 'demo');
export const CONSOLE_DIR = join(REPO_ROOT, 'frontend', 'dist', 'browser');

export type StorageDriver = 'local' | 's3';

export interface AppConfig {
  /** demo = embedded PostgreSQL + demo seed; production = DATABASE_URL. */
  mode: 'demo' | 'production';
  nodeEnv: string;
  port: number;
  host: string;
  dataDir: string;
  /** API connection (role bcc_api). Filled in by the embedded bootstrap in demo mode. */
  databaseUrl?: string;
  /** Optional read replica for dashboards. */
  databaseReadUrl?: string;
  /** Migrator connection (superuser or a member of bcc_owner); migrations run at start when set. */
  migrationDatabaseUrl?: string;
  dbPoolMax: number;
  embeddedPgPort: number;
  jwtSecret: string;
  jwtIssuer: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  apiTokenMaxDays: number;
  corsOrigins: string[];
  trustProxy: boolean | number | string[];
  /** Served over HTTPS only: send HSTS and upgrade-insecure-requests. */
  httpsOnly: boolean;
  logLevel: string;
  storage: {
    driver: StorageDriver;
    dir: string;
    s3?: { bucket: string; region: string; endpoint?: string; forcePathStyle: boolean; accessKeyId?: string; secretAccessKey?: string };
  };
  serveConsole: boolean;
  generalRateLimitPerMinute: number;
}

export class ConfigError extends Error {}

/** An unset or empty variable is "not given". */
function str(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

/** TRUST_PROXY: false (default), true (every hop — only behind a proxy that overwrites X-Forwarded-For), a hop count, or addresses/CIDRs. */
function trustProxy(raw: string | undefined): boolean | number | string[] {
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function int(env: NodeJS.ProcessEnv, key: string, def: number, min: number, max: number): number {
  const raw = str(env, key);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${key} must be an integer between ${min} and ${max}`);
  return n;
}

function url(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const raw = str(env, key);
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error();
  } catch {
    throw new ConfigError(`${key} must be a postgres:// URL`);
  }
  return raw;
}

/** Secrets of the embedded demo cluster, generated once and kept in .data/. */
export function demoSecrets(dataDir: string): { superuserPassword: string; apiPassword: string; jwtSecret: string } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    superuserPassword: randomBytes(18).toString('base64url'),
    apiPassword: randomBytes(18).toString('base64url'),
    jwtSecret: randomBytes(48).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * Reads and validates the environment once at boot. Demo mode (no
 * DATABASE_URL) is refused under NODE_ENV=production; production requires
 * JWT_SECRET (CORS is closed unless CORS_ORIGINS lists origins; the console
 * itself is same-origin and needs none).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = str(env, 'NODE_ENV') ?? 'development';
  const databaseUrl = url(env, 'DATABASE_URL');
  const mode = databaseUrl ? 'production' : 'demo';
  if (mode === 'demo' && nodeEnv === 'production') {
    throw new ConfigError('DATABASE_URL is required when NODE_ENV=production (demo mode is refused in production)');
  }
  const dataDir = resolve(str(env, 'DATA_DIR') ?? join(REPO_ROOT, '.data'));
  let jwtSecret = str(env, 'JWT_SECRET') ?? '';
  if (mode === 'production') {
    if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET (at least 32 characters) is required with DATABASE_URL');
  } else if (!jwtSecret) {
    jwtSecret = demoSecrets(dataDir).jwtSecret;
  }
  const port = int(env, 'PORT', 3000, 0, 65535);
  const corsOrigins = (str(env, 'CORS_ORIGINS') ?? (mode === 'demo' ? `http://localhost:${port},http://127.0.0.1:${port},http://localhost:4200` : ''))
    .split(',').map((s) => s.trim()).filter(Boolean);
  const driver = (str(env, 'STORAGE_DRIVER') ?? 'local') as StorageDriver;
  if (driver !== 'local' && driver !== 's3') throw new ConfigError('STORAGE_DRIVER must be local or s3');
  if (driver === 's3' && !str(env, 'S3_BUCKET')) throw new ConfigError('S3_BUCKET is required with STORAGE_DRIVER=s3');
  return {
    mode,
    nodeEnv,
    port,
    host: str(env, 'HOST') ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    databaseReadUrl: url(env, 'DATABASE_READ_URL'),
    migrationDatabaseUrl: url(env, 'MIGRATION_DATABASE_URL'),
    dbPoolMax: int(env, 'DB_POOL_MAX', 6, 1, 100),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    jwtSecret,
    jwtIssuer: str(env, 'JWT_ISSUER') ?? 'bcc',
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86400),
    refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 14, 1, 365),
    apiTokenMaxDays: int(env, 'API_TOKEN_MAX_DAYS', 365, 1, 3650),
    corsOrigins,
    trustProxy: trustProxy(str(env, 'TRUST_PROXY')),
    httpsOnly: str(env, 'HTTPS_ONLY') === 'true',
    logLevel: str(env, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    storage: {
      driver,
      dir: resolve(str(env, 'STORAGE_DIR') ?? join(dataDir, 'storage')),
      s3: driver === 's3'
        ? {
            bucket: str(env, 'S3_BUCKET')!,
            region: str(env, 'S3_REGION') ?? 'us-east-1',
            endpoint: str(env, 'S3_ENDPOINT'),
            forcePathStyle: str(env, 'S3_FORCE_PATH_STYLE') === 'true',
            accessKeyId: str(env, 'S3_ACCESS_KEY_ID'),
            secretAccessKey: str(env, 'S3_SECRET_ACCESS_KEY'),
          }
        : undefined,
    },
    serveConsole: str(env, 'SERVE_CONSOLE') !== 'false',
    generalRateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 3000, 10, 1_000_000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
