import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { REPO_ROOT } from '../../src/core/config/config.js';
import { startServer } from '../../src/server.js';
import { createTestApp } from '../helpers/app.js';

const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('demo mode (embedded PostgreSQL)', () => {
  it('starts from nothing, seeds demo users, stops cleanly and restarts on the same data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bcc-demo-'));
    const env = { DATA_DIR: dataDir, PORT: '0', EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'silent', SERVE_CONSOLE: 'false', NODE_ENV: 'test' };
    try {
      const first = await startServer(env);
      const login = await request(first.url).post('/api/auth/login').send({ email: 'director@demo.local', password: 'Demo#2026!' });
      expect(login.status).toBe(200);
      expect((await request(first.url).get('/api/health')).body.demo).toBe(true);
      // Something written survives the restart.
      await request(first.url).patch('/api/me').set('authorization', `Bearer ${login.body.access_token}`).send({ locale: 'en' }).expect(200);
      await first.stop();
      // The data directory keeps the permissions PostgreSQL insists on.
      expect(statSync(join(dataDir, 'pg')).mode & 0o077).toBe(0);
      expect(statSync('/tmp').mode & 0o7777).toBe(0o1777);

      const second = await startServer(env);
      try {
        const ready = await request(second.url).get('/api/health/ready');
        expect(ready.status).toBe(200);
        const again = await request(second.url).post('/api/auth/login').send({ email: 'director@demo.local', password: 'Demo#2026!' });
        expect(again.body.user.locale).toBe('en');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses demo mode in production and a production start without JWT_SECRET', async () => {
    await expect(startServer({ NODE_ENV: 'production', LOG_LEVEL: 'silent' })).rejects.toThrow(/DATABASE_URL is required/);
    await expect(startServer({ DATABASE_URL: 'postgres://bcc_api:x@127.0.0.1:1/bcc', LOG_LEVEL: 'silent' })).rejects.toThrow(/JWT_SECRET/);
  });
});

describe('first administrator of a fresh production database', () => {
  it('db:create-admin creates a super_admin who can sign in; a second run for the same email fails', async () => {
    const t = await createTestApp({ template: 'empty' });
    try {
      const cli = join(REPO_ROOT, 'backend', 'dist', 'cli', 'create-admin.js');
      const env = { ...process.env, MIGRATION_DATABASE_URL: t.db.adminUrl, BCC_ADMIN_PASSWORD: 'First#Admin2026', DATABASE_URL: '', LOG_LEVEL: 'silent' };
      const out = await run(process.execPath, [cli, '--email', 'IT@Company.co.id', '--name', 'IT Admin'], { env });
      expect(out.stdout).toMatch(/Created super_admin it@company.co.id/);
      const login = await t.http().post('/api/auth/login').send({ email: 'it@company.co.id', password: 'First#Admin2026' });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe('super_admin');
      await expect(run(process.execPath, [cli, '--email', 'it@company.co.id', '--name', 'Again'], { env })).rejects.toMatchObject({ code: 1 });
    } finally {
      await t.close();
    }
  });
});
