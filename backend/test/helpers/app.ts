import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { AppConfig, loadConfig } from '../../src/core/config/config.js';
import { createTestDatabase, TestDatabase } from './db.js';

export const DEMO_PASSWORD = 'Demo#2026!';

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  login(email: string, password?: string): Promise<{ access_token: string; refresh_token: string; user: { user_id: string; role: string } }>;
  close(): Promise<void>;
}

/** The real application on a fresh database, exactly as production wires it. */
export async function createTestApp(opts: { template?: 'empty' | 'demo'; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase(opts.template ?? 'demo');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.apiUrl,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bcc-test-data-')),
    SERVE_CONSOLE: 'false',
    CORS_ORIGINS: 'http://localhost:4200',
    ...opts.env,
  });
  const app = await createApp(config);
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    db,
    config,
    http,
    async login(email, password = DEMO_PASSWORD) {
      const res = await http().post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
