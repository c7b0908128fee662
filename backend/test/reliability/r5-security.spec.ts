import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createHmac, generateKeyPairSync, randomUUID, sign as rsaSign } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { JWT_AUDIENCE } from '../../src/core/auth/auth.guard.js';
import { ConfigError, loadConfig } from '../../src/core/config/config.js';
import { Db } from '../../src/core/database/db.service.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { median, problemViolations, sleep } from './support.js';

/**
 * R5 — security, as an attacker would probe it. The API runs with
 * TRUST_PROXY=1 (one proxy hop) so each probe can come from its own address
 * (X-Forwarded-For); everything else is the production pipeline.
 * Related: test/db/roles-and-rls.spec.ts (roles), test/api/auth.spec.ts
 * (rotation, per-account throttle, alg none), test/api/http-conventions.spec.ts
 * (headers, CORS on a simple GET), test/api/users-files-docs.spec.ts (upload
 * types), test/api/crm-leads.spec.ts (lead export neutralised).
 * `npm audit --omit=dev` is run on demand, not here (docs/operations.md).
 */
let t: TestApp;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let ipSeq = 10;
const freshIp = () => `198.51.100.${ipSeq++}`;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', JWT_SECRET } });
});
afterAll(async () => {
  await t?.close();
});

async function loginAs(email: string, password = DEMO_PASSWORD, ip = freshIp()) {
  return t.http().post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password });
}
async function auth(email: string) {
  const r = await loginAs(email);
  expect(r.status).toBe(200);
  return { authorization: `Bearer ${r.body.access_token}`, 'x-forwarded-for': freshIp() };
}

describe('the database login of the API', () => {
  it('is what the running application connects as: not superuser, no BYPASSRLS, owns nothing, member of nothing privileged', async () => {
    const db = t.app.get(Db);
    const me = await db.transaction(null, (tx) => tx.one<{ session_user: string; current_user: string }>('SELECT session_user, current_user'));
    expect(me).toEqual({ session_user: 'bcc_api', current_user: 'anon' });
    expect(new URL(t.config.databaseUrl!).username).toBe('bcc_api');
    const role = (await t.db.admin.query(
      `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolinherit FROM pg_roles WHERE rolname = 'bcc_api'`)).rows[0];
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolinherit: false });
    // Every role bcc_api belongs to, directly or not: only the two request roles.
    const member = await t.db.admin.query(
      `WITH RECURSIVE m(r) AS (SELECT roleid FROM pg_auth_members WHERE member = 'bcc_api'::regrole
                               UNION SELECT a.roleid FROM pg_auth_members a JOIN m ON a.member = m.r)
       SELECT r::regrole::text AS role FROM m ORDER BY 1`);
    expect(member.rows.map((r) => r.role)).toEqual(['anon', 'authenticated']);
    const owned = await t.db.admin.query(
      `SELECT count(*)::int AS n FROM (SELECT relowner o FROM pg_class UNION ALL SELECT proowner FROM pg_proc UNION ALL SELECT nspowner FROM pg_namespace
        UNION ALL SELECT typowner FROM pg_type UNION ALL SELECT datdba FROM pg_database) x WHERE o = 'bcc_api'::regrole`);
    expect(owned.rows[0].n).toBe(0);
    // The request roles cannot log in, bypass RLS or own anything either; no login role but superusers bypasses RLS.
    const req = await t.db.admin.query(`SELECT rolname, rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname IN ('anon', 'authenticated') ORDER BY 1`);
    expect(req.rows).toEqual([{ rolname: 'anon', rolcanlogin: false, rolbypassrls: false }, { rolname: 'authenticated', rolcanlogin: false, rolbypassrls: false }]);
    const bypass = await t.db.admin.query(`SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolbypassrls AND NOT rolsuper`);
    expect(bypass.rows).toEqual([]);
  });
});

describe('passwords', () => {
  it('are stored as argon2id (OWASP parameters or stronger), also after an admin creates a user and a user changes theirs', async () => {
    const admin = await auth('admin@demo.local');
    const created = await t.http().post('/api/users').set(admin).send({ email: 'r5.hash@demo.local', full_name: 'R5', role: 'ops', dept_code: 'DOM', password: 'First#Password1' });
    expect(created.status).toBe(201);
    expect((await loginAs('r5.hash@demo.local')).status).toBe(401); // the demo password is not theirs
    const login = await loginAs('r5.hash@demo.local', 'First#Password1');
    const changed = await t.http().post('/api/me/password').set({ authorization: `Bearer ${login.body.access_token}` }).send({ current_password: 'First#Password1', new_password: 'Second#Password2' });
    expect(changed.status).toBe(204);
    const { rows } = await t.db.admin.query<{ email: string; password_hash: string }>(
      'SELECT p.email, c.password_hash FROM auth.credentials c JOIN app.profiles p USING (user_id)');
    expect(rows.length).toBeGreaterThan(12);
    for (const r of rows) {
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/.exec(r.password_hash);
      expect({ email: r.email, argon2id: !!m }).toEqual({ email: r.email, argon2id: true });
      expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      expect(r.password_hash).not.toContain('Password');
    }
  });
});

describe('sign-in throttling and timing', () => {
  it('an address is throttled after 30 failed logins in a minute (across any accounts), with a problem and Retry-After', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await loginAs(`nobody${i}-${randomUUID().slice(0, 4)}@demo.local`, 'wrong-password', ip)).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    const blocked = await loginAs('director@demo.local', DEMO_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(problemViolations({ status: blocked.status, headers: blocked.headers, body: blocked.body, text: blocked.text }, [429])).toEqual([]);
    // Another address is not affected.
    expect((await loginAs('director@demo.local')).status).toBe(200);
  });

  it('an unknown email and a wrong password take about as long (median ratio within 3×) and answer identically', async () => {
    const accounts = ['mkt.manager', 'mkt.staff', 'sales.manager', 'sales.manager2', 'sales1', 'sales2', 'sales3', 'ops.dom', 'ops.exi', 'finance', 'director', 'admin'];
    const unknown: number[] = [];
    const wrong: number[] = [];
    const bodies = new Set<string>();
    const time = async (email: string) => {
      const t0 = process.hrtime.bigint();
      const r = await loginAs(email, 'not-the-password');
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      expect(r.status).toBe(401);
      bodies.add(JSON.stringify(r.body));
      return ms;
    };
    await time('warmup@demo.local');
    for (let i = 0; i < 12; i++) {
      unknown.push(await time(`ghost${i}-${randomUUID().slice(0, 6)}@demo.local`));
      wrong.push(await time(`${accounts[i]}@demo.local`));
    }
    const ratio = median(wrong) / median(unknown);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
    expect(bodies.size).toBe(1);
  });
});

describe('refresh tokens', () => {
  it('the same refresh token presented twice at once never yields two live sessions', async () => {
    const s = (await loginAs('sales2@demo.local')).body;
    const [a, b] = await Promise.all([1, 2].map(() => t.http().post('/api/auth/refresh').send({ refresh_token: s.refresh_token })));
    expect([a.status, b.status].filter((x) => x === 200).length).toBeLessThanOrEqual(1);
    expect([a.status, b.status]).toContain(401);
    // Presenting a spent token is reuse: the whole family is revoked, so whatever was issued is dead too.
    for (const r of [a, b].filter((x) => x.status === 200)) {
      expect((await t.http().post('/api/auth/refresh').send({ refresh_token: r.body.refresh_token })).status).toBe(401);
    }
    const family = await t.db.admin.query(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM auth.refresh_tokens
        WHERE family_id = (SELECT family_id FROM auth.refresh_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex'))`, [s.refresh_token]);
    expect(family.rows[0].live).toBe(0);
  });

  it('rotation: each token works once; a refresh token is never accepted as an access token or the other way round', async () => {
    const s = (await loginAs('ops.dom@demo.local')).body;
    const r1 = await t.http().post('/api/auth/refresh').send({ refresh_token: s.refresh_token });
    expect(r1.status).toBe(200);
    expect((await t.http().get('/api/me').set('authorization', `Bearer ${s.refresh_token}`)).status).toBe(401);
    expect([401, 422]).toContain((await t.http().post('/api/auth/refresh').send({ refresh_token: s.access_token })).status);
    expect((await t.http().post('/api/auth/refresh').send({ refresh_token: s.refresh_token })).status).toBe(401);
  });
});

describe('access tokens: the algorithm and claims are pinned', () => {
  let payload: Record<string, unknown>;
  let good: string;
  const hs = (alg: 'sha256' | 'sha384' | 'sha512', header: Record<string, unknown>, body: Record<string, unknown>, secret = JWT_SECRET) => {
    const unsigned = `${b64(header)}.${b64(body)}`;
    return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
  };

  beforeAll(async () => {
    good = (await loginAs('sales1@demo.local')).body.access_token;
    payload = JSON.parse(Buffer.from(good.split('.')[1], 'base64url').toString());
  });

  it('a correctly signed HS256 token works (control)', async () => {
    expect((await t.http().get('/api/me').set('authorization', `Bearer ${hs('sha256', { alg: 'HS256', typ: 'JWT' }, payload)}`)).status).toBe(200);
  });

  it.each([
    ['alg none, no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`],
    ['alg NONE', () => `${b64({ alg: 'NONE', typ: 'JWT' })}.${b64(payload)}.`],
    ['HS512 with the real secret', () => hs('sha512', { alg: 'HS512', typ: 'JWT' }, payload)],
    ['HS384 with the real secret', () => hs('sha384', { alg: 'HS384', typ: 'JWT' }, payload)],
    ['RS256 with an attacker key', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
      return `${unsigned}.${rsaSign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
    }],
    ['HS256 with another secret', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, payload, 'attacker-secret-attacker-secret-attacker-00')],
    ['HS256 signed with an empty secret', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, payload, '')],
    ['another issuer', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, iss: 'evil' })],
    ['another audience', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, aud: 'other-api' })],
    ['expired', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, iat: 1_600_000_000, exp: 1_600_000_900 })],
    ['not yet valid', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, nbf: Math.floor(Date.now() / 1000) + 3600 })],
    ['not an access token', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, typ: 'refresh' })],
    ['an unknown role', () => hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, role: 'root' })],
    ['a kid header pointing elsewhere', () => hs('sha256', { alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, payload, '')],
    ['a token in the query string instead of the header', () => 'QUERY'],
  ])('%s → 401', async (_name, make) => {
    const tok = make();
    const r = tok === 'QUERY'
      ? await t.http().get(`/api/me?access_token=${good}`)
      : await t.http().get('/api/me').set('authorization', `Bearer ${tok}`);
    expect(r.status).toBe(401);
    expect(problemViolations({ status: r.status, headers: r.headers, body: r.body, text: r.text }, [401])).toEqual([]);
  });

  it('a forged role claim changes nothing: the database reads the role from the profile', async () => {
    const forged = hs('sha256', { alg: 'HS256', typ: 'JWT' }, { ...payload, role: 'super_admin', dept: 'DIR' });
    // Signed with the real secret, so it passes the guard: the guard's role check lets it through,
    // but every row the request touches is decided by the profile's real role (salesperson).
    const audit = await t.http().get('/api/audit').set('authorization', `Bearer ${forged}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([]);
    const create = await t.http().post('/api/users').set('authorization', `Bearer ${forged}`)
      .send({ email: 'r5.forged@demo.local', full_name: 'F', role: 'super_admin', dept_code: 'DIR', password: 'Forged#Password1' });
    expect(create.status).toBe(403);
    expect((await t.db.admin.query(`SELECT count(*)::int AS n FROM app.profiles WHERE email = 'r5.forged@demo.local'`)).rows[0].n).toBe(0);
    expect(payload.aud).toBe(JWT_AUDIENCE);
  });
});

describe('configuration: secrets outside demo mode', () => {
  it('a database without JWT_SECRET, a short secret, or demo mode in production refuse to start', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://bcc_api:x@db/bcc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://bcc_api:x@db/bcc', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL is required/);
    expect(loadConfig({ DATABASE_URL: 'postgres://bcc_api:x@db/bcc', JWT_SECRET: 'x'.repeat(32) }).mode).toBe('production');
  });

  it('demo mode never uses a built-in secret: each data directory gets its own random one', () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'r5-')), mkdtempSync(join(tmpdir(), 'r5-'))];
    try {
      const ca = loadConfig({ DATA_DIR: a });
      const cb = loadConfig({ DATA_DIR: b });
      expect(ca.mode).toBe('demo');
      expect(ca.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(ca.jwtSecret).not.toBe(cb.jwtSecret);
      expect(loadConfig({ DATA_DIR: a }).jwtSecret).toBe(ca.jwtSecret);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('security headers (helmet) on every kind of response', () => {
  const EXPECTED: Record<string, RegExp> = {
    'content-security-policy': /default-src 'self'.*frame-ancestors 'none'/,
    'x-content-type-options': /^nosniff$/,
    'x-frame-options': /^(SAMEORIGIN|DENY)$/,
    'referrer-policy': /no-referrer/,
    'cross-origin-opener-policy': /same-origin/,
    'cross-origin-resource-policy': /same-origin/,
    'x-dns-prefetch-control': /^off$/,
    'x-permitted-cross-domain-policies': /^none$/,
  };
  it.each([
    ['200 JSON', () => t.http().get('/api/health')],
    ['401 problem', () => t.http().get('/api/me')],
    ['404 unknown route', () => t.http().get('/api/nope')],
    ['400 malformed JSON', () => t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"a":')],
    ['413 body over 1 MB', () => t.http().post('/api/auth/login').set('content-type', 'application/json').send(JSON.stringify({ email: 'x'.repeat(1_100_000) }))],
    ['415 foreign content type', () => t.http().post('/api/auth/login').set('content-type', 'text/plain').send('hello')],
    ['422 validation', () => t.http().post('/api/auth/login').send({ email: 'x' })],
    ['API docs', () => t.http().get('/api/docs-json')],
  ])('%s', async (_name, send) => {
    const r = await send();
    const missing = Object.entries(EXPECTED).filter(([h, re]) => !re.test(String(r.headers[h] ?? ''))).map(([h]) => `${h}: ${r.headers[h]}`);
    expect(missing).toEqual([]);
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect(r.headers['strict-transport-security']).toBeUndefined(); // plain-HTTP LAN installs: HSTS only with HTTPS_ONLY
  });

  it('HTTPS_ONLY deployments also send HSTS', async () => {
    const app = await createApp({ ...t.config, httpsOnly: true });
    await app.init();
    try {
      const r = await request(app.getHttpServer()).get('/api/health');
      expect(r.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
      expect(r.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    } finally {
      await app.close();
    }
  });
});

describe('CORS allow-list', () => {
  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['the allowed origin as a prefix of another host', 'http://localhost:4200.evil.example'],
    ['a subdomain trick', 'http://evil.localhost:4200'],
    ['another port', 'http://localhost:4300'],
    ['https instead of http', 'https://localhost:4200'],
    ['the null origin', 'null'],
  ])('%s gets no Access-Control-Allow-Origin, also on preflight', async (_name, origin) => {
    const simple = await t.http().get('/api/health').set('origin', origin);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await t.http().options('/api/leads').set('origin', origin).set('access-control-request-method', 'POST').set('access-control-request-headers', 'authorization,content-type');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('the configured origin is allowed exactly (never *), with the headers the console needs', async () => {
    const pre = await t.http().options('/api/leads').set('origin', 'http://localhost:4200').set('access-control-request-method', 'POST').set('access-control-request-headers', 'authorization,content-type,idempotency-key');
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:4200');
    expect(pre.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/i);
    expect(pre.headers['vary']).toMatch(/Origin/i);
  });
});

describe('uploads', () => {
  it('are stored under generated keys: a file name with ../ or an absolute path does not escape the store, and the download header is safe', async () => {
    const who = await auth('sales1@demo.local');
    const storage = join(t.config.dataDir, 'storage');
    const names = ['../../../../../../tmp/r5-escape.png', '/tmp/r5-absolute.png', '..\\..\\r5-win.png', 'foto"; filename=evil.exe; x=".png', 'ﬁle ☕ \u202Egnp.exe'];
    for (const name of names) {
      const r = await t.http().post('/api/files').set(who).field('bucket', 'prospect-evidence').attach('file', PNG, { filename: name, contentType: 'image/png' });
      expect({ name, status: r.status }).toEqual({ name, status: 201 });
      const key = (await t.db.admin.query('SELECT object_key FROM app.storage_objects WHERE object_id = $1', [r.body.object_id])).rows[0].object_key;
      expect(key).toMatch(new RegExp(`^prospect-evidence/\\d{4}/\\d{2}/${r.body.object_id}$`));
      expect(existsSync(join(storage, key))).toBe(true);
      const d = await t.http().get(`/api/files/${r.body.object_id}`).set(who);
      expect(d.status).toBe(200);
      const cd = String(d.headers['content-disposition']);
      expect(cd).toMatch(/^attachment; filename="[^"\r\n\\]*"; filename\*=UTF-8''[A-Za-z0-9%._~!'()*-]*$/);
      expect(d.headers['x-content-type-options']).toBe('nosniff');
    }
    for (const escaped of ['/tmp/r5-escape.png', '/tmp/r5-absolute.png', join(t.config.dataDir, 'r5-win.png')]) expect(existsSync(escaped)).toBe(false);
    // Nothing but generated keys under the store.
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name).slice(storage.length + 1)]));
    expect(walk(storage).filter((k) => !/^[a-z-]+\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(k))).toEqual([]);
  });

  it.each([
    ['/api/files', { bucket: 'prospect-evidence' }, 'photo.png', 'image/png'],
    ['/api/files', { bucket: 'customer-documents' }, 'npwp.pdf', 'application/pdf'],
    ['/api/imports', { module: 'customers' }, 'customers.csv', 'text/csv'],
  ])('%s refuses an executable whatever its name and declared type (%s)', async (path, fields, filename, contentType) => {
    const who = await auth('admin@demo.local');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(300, 0x41)]);
    let req = t.http().post(path).set(who);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const r = await req.attach('file', exe, { filename, contentType });
    expect([415, 422]).toContain(r.status);
    expect(problemViolations({ status: r.status, headers: r.headers, body: r.body, text: r.text })).toEqual([]);
  });
});

describe('spreadsheet exports neutralise formula injection', () => {
  const HOSTILE = ['=HYPERLINK("http://evil.example","klik")', '+62 812 3456', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)', '\t=1+1', '\r=1+1', '=1+1'];
  const FORMULA = /^[=+\-@\t\r]/;
  const NUMBER = /^-?\d+(\.\d+)?$/;
  let admin: { authorization: string };

  beforeAll(async () => {
    admin = await auth('admin@demo.local');
    for (const [i, h] of HOSTILE.entries()) {
      const lead = await t.http().post('/api/leads').set(admin).send({ company_name: `${h} ${i}`, contact_name: h, notes: h, source_channel: 'other' });
      expect(lead.status).toBe(201);
      const tk = await t.http().post('/api/tickets').set(admin).send({ ticket_type: 'general_request', dept_target: 'FIN', subject: `${h} ${i}`, description: h });
      expect(tk.status).toBe(201);
      const ev = await t.http().post('/api/marketing/events').set(admin).send({ event_type: 'other', channel: 'other', occurred_at: '2026-01-05', title: h, notes: h });
      expect(ev.status).toBe(201);
    }
  });

  it('GET /api/leads/export: every hostile cell starts with an apostrophe (CSV and XLSX), the text otherwise intact', async () => {
    const csv = await t.http().get('/api/leads/export?format=csv').set(admin).buffer(true).parse((res, cb) => {
      const c: Buffer[] = [];
      res.on('data', (d: Buffer) => c.push(d));
      res.on('end', () => cb(null, Buffer.concat(c).toString('utf8')));
    });
    expect(csv.status).toBe(200);
    const rows: string[][] = parseCsv((csv.body as string).replace(/^\uFEFF/, ''), { relax_column_count: true });
    const header = rows[0];
    const contact = header.indexOf('contact_name');
    const mine = rows.filter((r) => HOSTILE.some((h) => r[contact] === `'${h}`));
    expect(mine.length).toBe(HOSTILE.length);
    for (const r of rows.slice(1)) for (const cell of r) if (FORMULA.test(cell)) expect(NUMBER.test(cell)).toBe(true);

    const x = await t.http().get('/api/leads/export?format=xlsx').set(admin).buffer(true).parse((res, cb) => {
      const c: Buffer[] = [];
      res.on('data', (d: Buffer) => c.push(d));
      res.on('end', () => cb(null, Buffer.concat(c)));
    });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) cells.push(`FORMULA ${cell.address}`);
      else if (typeof cell.value === 'string') cells.push(cell.value);
    }));
    expect(cells.filter((c) => c.startsWith('FORMULA'))).toEqual([]);
    expect(cells.filter((c) => FORMULA.test(c) && !NUMBER.test(c))).toEqual([]);
    // (XML turns a carriage return into a line feed: that is the format, not the export.)
    for (const h of HOSTILE) expect(cells.map((c) => c.replace(/\r/g, '\n'))).toContain(`'${h}`.replace(/\r/g, '\n'));
  });

  it('every export route of the OpenAPI document: no cell of any CSV starts a formula', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as { paths: Record<string, { get?: { parameters?: { name: string; in: string; required?: boolean }[] } }> };
    const exports = Object.entries(doc.paths).filter(([p, ops]) => ops.get && /\/export$|\.csv$/.test(p) && !p.includes('{'));
    expect(exports.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const [path, ops] of exports) {
      const q = (ops.get!.parameters ?? []).some((p) => p.name === 'format') ? '?format=csv' : '';
      const r = await t.http().get(`${path}${q}`).set(admin).buffer(true).parse((res, cb) => {
        const c: Buffer[] = [];
        res.on('data', (d: Buffer) => c.push(d));
        res.on('end', () => cb(null, Buffer.concat(c).toString('utf8')));
      });
      if (r.status !== 200) {
        if (r.status >= 500) bad.push(`${path}: ${r.status}`);
        continue;
      }
      const rows: string[][] = parseCsv((r.body as string).replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true });
      for (const row of rows) for (const cell of row) if (FORMULA.test(cell) && !NUMBER.test(cell)) bad.push(`${path}: ${JSON.stringify(cell).slice(0, 80)}`);
    }
    expect(bad).toEqual([]);
    await sleep(0);
  });
});
