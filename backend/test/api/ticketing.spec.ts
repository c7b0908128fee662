import { createTestApp, TestApp } from '../helpers/app.js';

type Auth = { authorization: string };
let t: TestApp;
const as: Record<string, Auth> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const email of ['admin@demo.local', 'director@demo.local', 'sales1@demo.local', 'sales2@demo.local', 'sales.manager@demo.local', 'ops.dom@demo.local', 'ops.exi@demo.local', 'finance@demo.local', 'mkt.staff@demo.local']) {
    const r = await t.login(email);
    as[email.split('@')[0]] = { authorization: `Bearer ${r.access_token}` };
    ids[email.split('@')[0]] = r.user.user_id;
  }
});
afterAll(async () => {
  await t.close();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(/SELECT |INSERT |UPDATE |constraint|_pkey|PL\/pgSQL/i);
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
const inDays = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
const complaint = (extra: Record<string, unknown> = {}) => ({ ticket_type: 'complaint', dept_target: 'DOM', description: 'Barang rusak saat diterima', shipment_reference: 'SHP-T-1', ...extra });

async function open(who: string, body: Record<string, unknown>) {
  const r = await t.http().post('/api/tickets').set(as[who]).send(body);
  if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, any>;
}

describe('POST /api/tickets', () => {
  it('opens each of the four types with its minimal fields; status, id, subject and SLA due times come from the database', async () => {
    const c = await open('sales1', complaint());
    expect(c).toMatchObject({ ticket_id: expect.stringMatching(/^TK-\d{4}-\d{6}$/), ticket_type: 'complaint', status: 'OPEN', ticket_status: 'OPEN', inquiry_status: null, subject: 'Complaint SHP-T-1', priority: 'normal', created_by: ids.sales1, need_customer_masking: false });
    expect(c.created_at).toMatch(/\+07:00$/);
    expect(c.sla).toMatchObject({ sla_state: expect.stringMatching(/on_track|at_risk|breached/), first_response_target_minutes: 120, resolution_target_minutes: 1620, first_response_due_at: expect.any(String), resolution_due_at: expect.any(String) });
    expect(c.allowed_transitions.map((x: { to_status: string }) => x.to_status)).toEqual(['IN_PROGRESS', 'CLOSED']);
    const p = await open('sales1', { ticket_type: 'request_pickup', dept_target: 'DOM', pickup_address: 'Jl. Industri 8, Tangerang', pickup_date: inDays(2), cargo_description: '6 palet', priority: 'urgent' });
    expect(p).toMatchObject({ status: 'OPEN', subject: expect.stringMatching(/^Pickup \d{4}-\d{2}-\d{2}: 6 palet$/), priority: 'urgent' });
    const g = await open('finance', { ticket_type: 'general_request', dept_target: 'DOM', subject: 'Konfirmasi biaya', description: 'Mohon konfirmasi' });
    expect(g.status).toBe('OPEN');
    const rfq = await open('sales1', { ticket_type: 'inquiry_tariff', rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air', weight_kg: 320 } });
    expect(rfq).toMatchObject({ status: 'OPEN', inquiry_status: 'OPEN', ticket_status: null, dept_target: 'EXI', need_customer_masking: true, subject: 'RFQ Jakarta → Tokyo, air', weight_kg: '320.00' });
    expect(rfq.allowed_transitions.map((x: { to_status: string }) => x.to_status)).toEqual(['IN_PROGRESS', 'CANCELLED']);
  });

  it('refuses missing minimal fields per type with every field named (422), writing nothing', async () => {
    const before = (await t.db.admin.query('SELECT count(*)::int AS n FROM app.tickets')).rows[0].n;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ticket_type: 'inquiry_tariff', dept_target: 'EXI', rfq: { origin: 'Jakarta', destination: ' ', service_type: 'air' } }, ['rfq.destination']],
      [{ ticket_type: 'inquiry_tariff', dept_target: 'EXI' }, ['rfq.destination', 'rfq.origin', 'rfq.service_type']],
      [{ ticket_type: 'request_pickup', dept_target: 'DOM' }, ['cargo_description', 'pickup_address', 'pickup_date']],
      [{ ticket_type: 'request_pickup', dept_target: 'DOM', pickup_address: 'x', cargo_description: 'y', pickup_date: '2020-01-01' }, ['pickup_date']],
      [{ ticket_type: 'complaint', dept_target: 'DOM', description: 'x' }, ['shipment_reference']],
      [{ ticket_type: 'complaint', dept_target: 'DOM' }, ['description', 'shipment_reference']],
      [{ ticket_type: 'general_request', dept_target: 'FIN', description: 'x' }, ['subject']],
      [{ ticket_type: 'general_request', dept_target: 'ZZZ', subject: 's', description: 'd' }, ['dept_target']],
      [{ ticket_type: 'general_request', subject: 's', description: 'd' }, ['dept_target']],
      [{ ticket_type: 'complaint', dept_target: 'DOM', description: 'x', shipment_reference: 'y', rfq: { origin: 'a', destination: 'b', service_type: 'air' } }, ['rfq']],
      [{ ticket_type: 'bogus' }, ['ticket_type']],
    ];
    for (const [body, fields] of cases) {
      const r = await t.http().post('/api/tickets').set(as.sales1).send(body);
      expectProblem(r, 422);
      expect({ body, fields: (r.body.errors as { field: string }[]).map((e) => e.field).sort() }).toEqual({ body, fields: fields.sort() });
    }
    expect((await t.db.admin.query('SELECT count(*)::int AS n FROM app.tickets')).rows[0].n).toBe(before);
  });

  it('refuses a client-sent ticket_id or status (422) and an invisible related record (422)', async () => {
    for (const extra of [{ ticket_id: 'TK-2026-999999' }, { status: 'RESOLVED' }, { ticket_status: 'CLOSED' }, { inquiry_status: 'WON' }]) {
      const r = await t.http().post('/api/tickets').set(as.sales1).send(complaint(extra));
      expectProblem(r, 422);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(Object.keys(extra));
    }
    const cust = (await t.db.admin.query(`SELECT customer_id FROM app.customers ORDER BY customer_id LIMIT 1`)).rows[0].customer_id;
    const r = await t.http().post('/api/tickets').set(as['ops.dom']).send(complaint({ related_customer_id: cust }));
    expectProblem(r, 422);
    expect(r.body.errors).toEqual([{ field: 'related_customer_id', message: 'not found' }]);
  });

  it('the director never opens a ticket (403)', async () => {
    expectProblem(await t.http().post('/api/tickets').set(as.director).send(complaint()), 403);
  });

  it('derives the customer and prospect from a related lead and replays with Idempotency-Key', async () => {
    const lead = (await t.db.admin.query(`SELECT l.lead_id, l.customer_id, l.prospect_id FROM app.leads l JOIN app.profiles p ON p.user_id = l.created_by WHERE p.email = 'mkt.staff@demo.local' LIMIT 1`)).rows[0];
    const body = complaint({ related_lead_id: lead.lead_id });
    const a = await t.http().post('/api/tickets').set(as['mkt.staff']).set('Idempotency-Key', 'tk-create-1').send(body);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ related_lead_id: lead.lead_id, related_customer_id: lead.customer_id, related_prospect_id: lead.prospect_id });
    expect(a.body.customer).toMatchObject({ customer_id: lead.customer_id, company_name: expect.any(String) });
    const b = await t.http().post('/api/tickets').set(as['mkt.staff']).set('Idempotency-Key', 'tk-create-1').send(body);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.ticket_id).toBe(a.body.ticket_id);
  });
});

describe('PATCH /api/tickets/{id}: lifecycle', () => {
  it('walks the ticket lifecycle; a refused move is 409 naming the allowed targets', async () => {
    const c = await open('sales1', complaint());
    const id = c.ticket_id;
    const bad = await t.http().patch(`/api/tickets/${id}`).set(as['ops.dom']).send({ status: 'RESOLVED' });
    expectProblem(bad, 409);
    expect(bad.body.allowed).toEqual(['IN_PROGRESS', 'CLOSED']);
    expect(bad.body.detail).toMatch(/OPEN to RESOLVED.*IN_PROGRESS, CLOSED/);
    for (const [status, allowed] of [['IN_PROGRESS', ['WAITING_CUSTOMER', 'RESOLVED', 'CLOSED']], ['WAITING_CUSTOMER', ['IN_PROGRESS']], ['IN_PROGRESS', ['WAITING_CUSTOMER', 'RESOLVED', 'CLOSED']], ['RESOLVED', ['CLOSED', 'IN_PROGRESS']]] as const) {
      const r = await t.http().patch(`/api/tickets/${id}`).set(as['ops.dom']).send({ status });
      expect({ s: r.status, st: r.body.status }).toEqual({ s: 200, st: status });
      expect(r.body.allowed_transitions.map((x: { to_status: string }) => x.to_status).sort()).toEqual([...allowed].sort());
    }
    const closed = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'CLOSED' });
    expect(closed.body).toMatchObject({ status: 'CLOSED', closed_at: expect.any(String), resolved_at: expect.any(String) });
    expect(closed.body.allowed_transitions).toEqual([]);
    const again = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'IN_PROGRESS' });
    expectProblem(again, 409);
    expect(again.body.allowed).toEqual([]);
    const ev = await t.http().get(`/api/tickets/${id}/sla-events`).set(as.sales1);
    expect(ev.body.items.filter((e: { event_type: string }) => e.event_type === 'STATUS_CHANGE').map((e: { metadata: { from: string; to: string } }) => `${e.metadata.from}>${e.metadata.to}`))
      .toEqual(['OPEN>IN_PROGRESS', 'IN_PROGRESS>WAITING_CUSTOMER', 'WAITING_CUSTOMER>IN_PROGRESS', 'IN_PROGRESS>RESOLVED', 'RESOLVED>CLOSED']);
    expect(ev.body.items.filter((e: { event_type: string }) => e.event_type === 'RESOLVED')).toHaveLength(1);
  });

  it('closing an unresolved ticket needs a reason (422 reason), then records it', async () => {
    const c = await open('sales1', complaint());
    const r = await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ status: 'CLOSED' });
    expectProblem(r, 422);
    expect(r.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const ok = await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ status: 'CLOSED', reason: 'Duplikat dari tiket lain' });
    expect(ok.body).toMatchObject({ status: 'CLOSED', status_reason: 'Duplikat dari tiket lain' });
    const ev = await t.http().get(`/api/tickets/${c.ticket_id}/sla-events`).set(as.sales1);
    expect(ev.body.items[0]).toMatchObject({ event_type: 'STATUS_CHANGE', metadata: { from: 'OPEN', to: 'CLOSED', reason: 'Duplikat dari tiket lain' }, actor_user_id: ids['ops.dom'], actor_name: 'Hendra Gunawan' });
  });

  it('an inquiry enters QUOTED only with a quote (422 quote), then WON; quotes are listed', async () => {
    const rfq = await open('sales1', { ticket_type: 'inquiry_tariff', rfq: { origin: 'Surabaya', destination: 'Makassar', service_type: 'land' } });
    const id = rfq.ticket_id;
    await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'IN_PROGRESS' }).expect(200);
    const noQuote = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'QUOTED' });
    expectProblem(noQuote, 422);
    expect(noQuote.body.errors).toEqual([{ field: 'quote', message: expect.any(String) }]);
    const badQuote = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'QUOTED', quote: { amount: '-5', currency: 'XXX', valid_until: '2026-02-30' } });
    expectProblem(badQuote, 422);
    expect(badQuote.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['quote.amount', 'quote.currency', 'quote.valid_until']);
    const past = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'QUOTED', quote: { amount: '100', currency: 'IDR', valid_until: '2020-01-01' } });
    expectProblem(past, 422);
    const ok = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'QUOTED', quote: { amount: 14500000, currency: 'IDR', valid_until: inDays(14) } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'QUOTED', resolved_at: expect.any(String) });
    expect(ok.body.quotes).toEqual([expect.objectContaining({ amount: '14500000.00', currency: 'IDR', valid_until: inDays(14) })]);
    expect(ok.body.allowed_transitions.map((x: { to_status: string }) => x.to_status)).toEqual(['WON', 'LOST']);
    const won = await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'WON' });
    expect(won.body).toMatchObject({ status: 'WON', closed_at: expect.any(String) });
    const ticket = await t.http().patch(`/api/tickets/${(await open('sales1', complaint())).ticket_id}`).set(as.sales1).send({ quote: { amount: '1', currency: 'IDR', valid_until: inDays(1) } });
    expectProblem(ticket, 422);
  });

  it('validates status values per lifecycle, priorities and assignees', async () => {
    const c = await open('sales1', complaint());
    const r1 = await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ status: 'QUOTED' });
    expectProblem(r1, 422);
    const r2 = await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ assigned_to_user_id: ids['ops.exi'] });
    expectProblem(r2, 422);
    expect(r2.body.errors[0].field).toBe('assigned_to_user_id');
    const ok = await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ assigned_to_user_id: ids['ops.dom'], priority: 'urgent' });
    expect(ok.body).toMatchObject({ assigned_to_user_id: ids['ops.dom'], assigned_to_name: 'Hendra Gunawan', priority: 'urgent' });
    expect(ok.body.sla.first_response_target_minutes).toBe(30);
    expect(Date.parse(ok.body.sla.first_response_due_at)).toBeLessThan(Date.parse(c.sla.first_response_due_at));
    const un = await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ assigned_to_user_id: null });
    expect(un.body.assigned_to_user_id).toBeNull();
    expectProblem(await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ status: 'NOPE' }), 422);
    expectProblem(await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as['ops.dom']).send({ created_by: ids.sales2 }), 422);
  });

  it('the director reads but never changes (403); invisible tickets are 404 for every route', async () => {
    const c = await open('sales1', complaint());
    expect((await t.http().get(`/api/tickets/${c.ticket_id}`).set(as.director)).body.allowed_transitions).toEqual([]);
    expectProblem(await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as.director).send({ status: 'IN_PROGRESS' }), 403);
    expectProblem(await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as.director).send({ body: 'x' }), 403);
    for (const who of ['sales2', 'ops.exi', 'finance']) {
      expectProblem(await t.http().get(`/api/tickets/${c.ticket_id}`).set(as[who]), 404);
      expectProblem(await t.http().patch(`/api/tickets/${c.ticket_id}`).set(as[who]).send({ status: 'IN_PROGRESS' }), 404);
      expectProblem(await t.http().get(`/api/tickets/${c.ticket_id}/messages`).set(as[who]), 404);
      expectProblem(await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as[who]).send({ body: 'x' }), 404);
      expectProblem(await t.http().get(`/api/tickets/${c.ticket_id}/sla-events`).set(as[who]), 404);
      expectProblem(await t.http().get(`/api/tickets/${c.ticket_id}/attachments`).set(as[who]), 404);
    }
    expectProblem(await t.http().get('/api/tickets/TK-2026-999999').set(as.admin), 404);
    expectProblem(await t.http().get('/api/tickets/not-an-id').set(as.admin), 404);
  });
});

describe('messages and first response', () => {
  it('creator messages and internal notes do not count; the first other reply does, once', async () => {
    const c = await open('sales1', complaint());
    const id = c.ticket_id;
    await t.http().post(`/api/tickets/${id}/messages`).set(as.sales1).send({ body: 'Tambahan info dari saya' }).expect(201);
    const note = await t.http().post(`/api/tickets/${id}/messages`).set(as['ops.dom']).send({ body: 'Catatan internal', is_internal: true });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ is_internal: true, sender_name: 'Hendra Gunawan', from_handling_department: true });
    expect((await t.http().get(`/api/tickets/${id}`).set(as.sales1)).body.first_response_at).toBeNull();
    const reply = await t.http().post(`/api/tickets/${id}/messages`).set(as['ops.dom']).send({ body: 'Kami cek, mohon tunggu.' });
    const second = await t.http().post(`/api/tickets/${id}/messages`).set(as['ops.dom']).send({ body: 'Update kedua' });
    const d = (await t.http().get(`/api/tickets/${id}`).set(as.sales1)).body;
    expect(d.first_response_at).toBe(reply.body.created_at);
    expect(d.sla.first_response_business_minutes).toEqual(expect.any(Number));
    expect(second.status).toBe(201);
    const ev = (await t.http().get(`/api/tickets/${id}/sla-events`).set(as.sales1)).body.items.filter((e: { event_type: string }) => e.event_type === 'FIRST_RESPONSE');
    expect(ev).toEqual([expect.objectContaining({ actor_user_id: ids['ops.dom'], metadata: expect.objectContaining({ message_id: Number(reply.body.message_id) }) })]);
  });

  it('internal notes: only the target department writes them and the requester side never sees them', async () => {
    const c = await open('sales1', complaint());
    expectProblem(await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as.sales1).send({ body: 'x', is_internal: true }), 403);
    await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as['ops.dom']).send({ body: 'rahasia dapur', is_internal: true }).expect(201);
    await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as['ops.dom']).send({ body: 'balasan biasa' }).expect(201);
    const mine = await t.http().get(`/api/tickets/${c.ticket_id}/messages`).set(as.sales1);
    expect(mine.body.items.map((m: { body: string }) => m.body)).toEqual(['balasan biasa']);
    const theirs = await t.http().get(`/api/tickets/${c.ticket_id}/messages`).set(as['ops.dom']);
    expect(theirs.body.items.map((m: { body: string }) => m.body)).toEqual(['rahasia dapur', 'balasan biasa']);
    const dir = await t.http().get(`/api/tickets/${c.ticket_id}/messages`).set(as.director);
    expect(dir.body.items).toHaveLength(2);
    expect((await t.http().get(`/api/tickets/${c.ticket_id}`).set(as.sales1)).body.can_write_internal).toBe(false);
    expect((await t.http().get(`/api/tickets/${c.ticket_id}`).set(as['ops.dom'])).body.can_write_internal).toBe(true);
  });

  it('keyset-paginates the thread oldest first; hostile-looking text is stored verbatim', async () => {
    const c = await open('sales1', complaint());
    const bodies = ['<script>alert(1)</script>', "'; DROP TABLE app.tickets; --", '=HYPERLINK("http://x")', 'مرحبا 👋'];
    for (const body of bodies) await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as.sales1).send({ body }).expect(201);
    const p1 = await t.http().get(`/api/tickets/${c.ticket_id}/messages?limit=3`).set(as.sales1);
    const p2 = await t.http().get(`/api/tickets/${c.ticket_id}/messages?limit=3&cursor=${p1.body.next_cursor}`).set(as.sales1);
    expect([...p1.body.items, ...p2.body.items].map((m: { body: string }) => m.body)).toEqual(bodies);
    expect(p2.body.next_cursor).toBeNull();
    expectProblem(await t.http().post(`/api/tickets/${c.ticket_id}/messages`).set(as.sales1).send({ body: '   ' }), 422);
  });
});

describe('lists, SLA and stale', () => {
  it('filters mine / queue / type / status / priority / sla_state with keyset pagination', async () => {
    const a = await open('sales2', complaint({ priority: 'low', shipment_reference: 'FLT-1' }));
    const mine = await t.http().get('/api/tickets?mine=true&limit=200').set(as.sales2);
    expect(mine.body.items.map((x: { ticket_id: string }) => x.ticket_id)).toContain(a.ticket_id);
    expect(mine.body.items.every((x: { created_by: string; assigned_to_user_id: string | null }) => x.created_by === ids.sales2 || x.assigned_to_user_id === ids.sales2)).toBe(true);
    const queue = await t.http().get('/api/tickets?queue=true&limit=200').set(as['ops.dom']);
    expect(queue.body.items.length).toBeGreaterThan(0);
    expect(queue.body.items.every((x: { dept_target: string; need_customer_masking: boolean }) => x.dept_target === 'DOM' && !x.need_customer_masking)).toBe(true);
    const f = await t.http().get('/api/tickets?type=complaint&status=OPEN&priority=low&q=FLT-1').set(as.admin);
    expect(f.body.items.map((x: { ticket_id: string }) => x.ticket_id)).toEqual([a.ticket_id]);
    const breached = await t.http().get('/api/tickets?sla_state=breached&limit=200').set(as.admin);
    expect(breached.body.items.length).toBeGreaterThan(0);
    expect(breached.body.items.every((x: { sla_state: string }) => x.sla_state === 'breached')).toBe(true);
    const p1 = await t.http().get('/api/tickets?limit=5').set(as.admin);
    const p2 = await t.http().get(`/api/tickets?limit=5&cursor=${p1.body.next_cursor}`).set(as.admin);
    expect(p2.body.items).toHaveLength(5);
    expect(new Set([...p1.body.items, ...p2.body.items].map((x: { ticket_id: string }) => x.ticket_id)).size).toBe(10);
    expectProblem(await t.http().get('/api/tickets?cursor=zzz').set(as.admin), 422);
    expectProblem(await t.http().get('/api/tickets?sla_state=late').set(as.admin), 422);
  });

  it('daily median first response: days without any are absent; bad ranges are 422', async () => {
    const r = await t.http().get(`/api/tickets/sla/first-response?from=${inDays(-70)}&to=${today()}`).set(as.admin);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(10);
    for (const d of r.body.items) {
      expect(d).toEqual({ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), tickets: expect.any(Number), median_first_response_minutes: expect.any(Number), median_first_response_business_minutes: expect.any(Number) });
      expect(d.tickets).toBeGreaterThan(0);
      expect(d.median_first_response_business_minutes).toBeLessThanOrEqual(d.median_first_response_minutes);
    }
    const days = r.body.items.map((d: { day: string }) => d.day);
    expect([...days].sort()).toEqual(days);
    const dept = await t.http().get(`/api/tickets/sla/first-response?from=${inDays(-70)}&to=${today()}&dept_target=FIN`).set(as.admin);
    expect(dept.body.items.length).toBeLessThan(r.body.items.length + 1);
    const def = await t.http().get('/api/tickets/sla/first-response').set(as['ops.dom']);
    expect(def.status).toBe(200);
    expectProblem(await t.http().get('/api/tickets/sla/first-response?from=2026-05-01&to=2026-04-01').set(as.admin), 422);
    expectProblem(await t.http().get('/api/tickets/sla/first-response?from=2020-01-01&to=2026-04-01').set(as.admin), 422);
    expectProblem(await t.http().get('/api/tickets/sla/first-response?from=yesterday').set(as.admin), 422);
  });

  it('SLA summary and stale tickets (idle past the threshold), longest idle first', async () => {
    const s = await t.http().get('/api/tickets/sla/summary').set(as.admin);
    expect(s.body).toEqual({ open: expect.any(Number), on_track: expect.any(Number), at_risk: expect.any(Number), breached: expect.any(Number), paused: expect.any(Number), stale: expect.any(Number) });
    expect(s.body.breached).toBeGreaterThan(0);
    const st = await t.http().get('/api/tickets/stale?limit=200').set(as.admin);
    expect(st.body.items.length).toBe(s.body.stale);
    const idle = st.body.items.map((x: { idle_hours: number }) => x.idle_hours);
    expect([...idle].sort((a: number, b: number) => b - a)).toEqual(idle);
    expect(st.body.items.every((x: { idle_hours: number; threshold_hours: number }) => x.idle_hours > x.threshold_hours)).toBe(true);
    expect(st.body.items.every((x: { status: string }) => !['CLOSED', 'WON', 'LOST', 'CANCELLED'].includes(x.status))).toBe(true);
  });

  it('assignees of a department', async () => {
    const r = await t.http().get('/api/tickets/assignees?dept_target=DOM').set(as.sales1);
    expect(r.body.items).toEqual([{ user_id: ids['ops.dom'], full_name: 'Hendra Gunawan', role: 'ops', dept_code: 'DOM' }]);
    expectProblem(await t.http().get('/api/tickets/assignees').set(as.sales1), 422);
  });
});

describe('operations', () => {
  it('ops see the related customer\'s pickup contact on an unmasked ticket of their department only', async () => {
    const cust = (await t.db.admin.query(`SELECT pr.customer_id FROM app.prospects pr WHERE pr.owner_user_id = $1 ORDER BY pr.prospect_id LIMIT 1`, [ids.sales1])).rows[0].customer_id;
    const p = await open('sales1', { ticket_type: 'request_pickup', dept_target: 'DOM', pickup_address: 'Gudang A', pickup_date: inDays(1), cargo_description: '3 palet', related_customer_id: cust });
    const ops = await t.http().get(`/api/tickets/${p.ticket_id}`).set(as['ops.dom']);
    expect(ops.status).toBe(200);
    const c = (await t.db.admin.query('SELECT company_name, address FROM app.customers WHERE customer_id = $1', [cust])).rows[0];
    expect(ops.body.customer).toEqual({ company_name: c.company_name, contact_name: expect.any(String), phone: expect.any(String), address: c.address, city: expect.any(String) });
    expect(ops.body.customer.customer_id).toBeUndefined();
    expectProblem(await t.http().get(`/api/customers/${cust}`).set(as['ops.dom']), (await t.http().get(`/api/customers/${cust}`).set(as['ops.dom'])).status === 403 ? 403 : 404);
    expectProblem(await t.http().get(`/api/tickets/${p.ticket_id}`).set(as['ops.exi']), 404);
  });

  it('the RFQ queue is ops (and super_admin) only, masked, with filters', async () => {
    for (const who of ['sales1', 'director', 'finance', 'mkt.staff']) expectProblem(await t.http().get('/api/ops/rfqs').set(as[who]), 403);
    const exi = await t.http().get('/api/ops/rfqs?limit=200').set(as['ops.exi']);
    expect(exi.body.items.length).toBeGreaterThan(0);
    for (const r of exi.body.items) {
      expect(r).toMatchObject({ company_name: 'MASKED', contact_name: null, email: null, phone: null, npwp: null, dept_target: 'EXI', ticket_type: 'inquiry_tariff' });
      expect(Object.keys(r)).not.toEqual(expect.arrayContaining(['related_customer_id']));
      expect(Object.keys(r).filter((k) => /related_|customer_id|lead_id|prospect_id/.test(k))).toEqual([]);
    }
    const open = await t.http().get('/api/ops/rfqs?open=true&limit=200').set(as['ops.exi']);
    expect(open.body.items.every((r: { status: string }) => ['OPEN', 'IN_PROGRESS'].includes(r.status))).toBe(true);
    const sea = await t.http().get('/api/ops/rfqs?service_type=sea_fcl&limit=200').set(as['ops.exi']);
    expect(sea.body.items.every((r: { service_type: string }) => r.service_type === 'sea_fcl')).toBe(true);
    const dom = await t.http().get('/api/ops/rfqs?limit=200').set(as['ops.dom']);
    expect(dom.body.items.every((r: { dept_target: string }) => r.dept_target === 'DOM')).toBe(true);
    const all = await t.http().get('/api/ops/rfqs?limit=200').set(as.admin);
    expect(all.body.items.length).toBeGreaterThanOrEqual(exi.body.items.length + dom.body.items.length);
  });

  it('ops work a masked RFQ end to end: reply (first response), quote, requester answers WON', async () => {
    const rfq = await open('sales1', { ticket_type: 'inquiry_tariff', rfq: { origin: 'Jakarta', destination: 'Singapore', service_type: 'sea_fcl', weight_kg: 1000 } });
    const id = rfq.ticket_id;
    expectProblem(await t.http().get(`/api/tickets/${id}`).set(as['ops.exi']), 404);
    expectProblem(await t.http().get(`/api/ops/rfqs/${id}`).set(as['ops.dom']), 404);
    await t.http().post(`/api/tickets/${id}/messages`).set(as.sales1).send({ body: 'Hanya untuk sales' }).expect(201);
    await t.http().post(`/api/tickets/${id}/messages`).set(as.sales1).send({ body: 'Mohon sertakan trucking', visible_to_ops: true }).expect(201);
    const d0 = await t.http().get(`/api/ops/rfqs/${id}`).set(as['ops.exi']);
    expect(d0.body.messages.map((m: { body: string }) => m.body)).toEqual(['Mohon sertakan trucking']);
    expect(d0.body.allowed_transitions.map((x: { to_status: string }) => x.to_status)).toEqual(['IN_PROGRESS', 'CANCELLED']);
    const reply = await t.http().post(`/api/ops/rfqs/${id}/messages`).set(as['ops.exi']).send({ body: 'Tarif kami cek ke shipping line' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ body: 'Tarif kami cek ke shipping line', from_handling_department: true });
    const note = await t.http().post(`/api/ops/rfqs/${id}/messages`).set(as['ops.exi']).send({ body: 'agen B lebih murah', is_internal: true });
    expect(note.status).toBe(201);
    const bad = await t.http().patch(`/api/ops/rfqs/${id}`).set(as['ops.exi']).send({ status: 'WON' });
    expectProblem(bad, 409);
    expect(bad.body.allowed).toEqual(['IN_PROGRESS', 'CANCELLED']);
    await t.http().patch(`/api/ops/rfqs/${id}`).set(as['ops.exi']).send({ status: 'IN_PROGRESS' }).expect(200);
    const noQuote = await t.http().patch(`/api/ops/rfqs/${id}`).set(as['ops.exi']).send({ status: 'QUOTED' });
    expectProblem(noQuote, 422);
    expect(noQuote.body.errors).toEqual([{ field: 'quote', message: expect.any(String) }]);
    const q = await t.http().patch(`/api/ops/rfqs/${id}`).set(as['ops.exi']).send({ status: 'QUOTED', quote: { amount: '1850.00', currency: 'USD', valid_until: inDays(14) } });
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ status: 'QUOTED', quote_amount: '1850.00', quote_currency: 'USD', company_name: 'MASKED' });
    expectProblem(await t.http().patch(`/api/ops/rfqs/${id}`).set(as['ops.exi']).send({ related_customer_id: 'CU-2026-000001' }), 422);
    // The requester sees the reply (not the internal note), the first response and the quote.
    const s = await t.http().get(`/api/tickets/${id}`).set(as.sales1);
    expect(s.body).toMatchObject({ status: 'QUOTED', first_response_at: reply.body.created_at });
    expect(s.body.quotes[0]).toMatchObject({ amount: '1850.00', currency: 'USD', created_by: ids['ops.exi'] });
    const thread = await t.http().get(`/api/tickets/${id}/messages`).set(as.sales1);
    expect(thread.body.items.map((m: { body: string }) => m.body)).toEqual(['Hanya untuk sales', 'Mohon sertakan trucking', 'Tarif kami cek ke shipping line']);
    await t.http().patch(`/api/tickets/${id}`).set(as.sales1).send({ status: 'WON' }).expect(200);
  });
});

describe('the seed\'s ticketing checklist, through the API', () => {
  it('SLA first response is consistent between the tickets, the view and sla_events', async () => {
    const mismatches = (await t.db.admin.query(
      `SELECT t.ticket_id FROM app.tickets t
         LEFT JOIN app.sla_events e ON e.ticket_id = t.ticket_id AND e.event_type = 'FIRST_RESPONSE'
        WHERE t.first_response_at IS DISTINCT FROM e.occurred_at
           OR (t.first_response_at IS NOT NULL) <> EXISTS (SELECT 1 FROM app.ticket_messages m
                 WHERE m.ticket_id = t.ticket_id AND NOT m.is_internal AND m.sender_user_id <> t.created_by)`,
    )).rows;
    expect(mismatches).toEqual([]);
    const answered = (await t.db.admin.query(`SELECT count(*)::int AS n FROM app.tickets WHERE first_response_at IS NOT NULL`)).rows[0].n;
    expect(answered).toBeGreaterThan(50);
    // The API series is built from the same view: its ticket counts add up to the answered tickets of the range.
    const series = await t.http().get(`/api/tickets/sla/first-response?from=${inDays(-365)}&to=${today()}`).set(as.admin);
    const inRange = (await t.db.admin.query(
      `SELECT count(*)::int AS n FROM app.tickets WHERE first_response_at IS NOT NULL AND (created_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN $1::date AND $2::date`,
      [inDays(-365), today()],
    )).rows[0].n;
    expect(series.body.items.reduce((s: number, d: { tickets: number }) => s + d.tickets, 0)).toBe(inRange);
  });

  it('the lifecycle never gets stuck: every open status has a way out, and idle open tickets are listed as stale', async () => {
    const dead = (await t.db.admin.query(
      `SELECT DISTINCT coalesce(t.ticket_status::text, t.inquiry_status::text) AS status, t.ticket_type
         FROM app.tickets t
        WHERE t.closed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM app.ticket_allowed_transitions(t.ticket_type, coalesce(t.ticket_status::text, t.inquiry_status::text)))`,
    )).rows;
    expect(dead).toEqual([]);
    const terminalWithoutClose = (await t.db.admin.query(
      `SELECT ticket_id FROM app.tickets WHERE app.ticket_is_terminal(coalesce(ticket_status::text, inquiry_status::text)) AND closed_at IS NULL`,
    )).rows;
    expect(terminalWithoutClose).toEqual([]);
    const idle = (await t.db.admin.query(
      `SELECT count(*)::int AS n FROM app.tickets WHERE closed_at IS NULL AND last_activity_at < now() - (SELECT threshold FROM app.stale_thresholds WHERE entity = 'ticket')`,
    )).rows[0].n;
    const stale = await t.http().get('/api/tickets/stale?limit=200').set(as.admin);
    expect(stale.body.items.length).toBe(idle);
  });

  it('RFQ masking holds: every RFQ is masked and ops read each one only through v_ops_rfqs_masked', async () => {
    const unmasked = (await t.db.admin.query(`SELECT count(*)::int AS n FROM app.tickets WHERE ticket_type = 'inquiry_tariff' AND NOT need_customer_masking`)).rows[0].n;
    expect(unmasked).toBe(0);
    for (const [who, dept] of [['ops.exi', 'EXI'], ['ops.dom', 'DOM']]) {
      const n = (await t.db.admin.query(`SELECT count(*)::int AS n FROM app.tickets WHERE ticket_type = 'inquiry_tariff' AND dept_target = $1`, [dept])).rows[0].n;
      const r = await t.http().get('/api/ops/rfqs?limit=200').set(as[who]);
      expect(r.body.items).toHaveLength(n);
      expect(r.body.items.every((x: { company_name: string }) => x.company_name === 'MASKED')).toBe(true);
    }
  });
});

describe('OpenAPI', () => {
  it('documents every ticketing route with its body and responses', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    for (const [path, methods] of Object.entries({
      '/api/tickets': ['get', 'post'], '/api/tickets/{ticket_id}': ['get', 'patch'], '/api/tickets/{ticket_id}/messages': ['get', 'post'],
      '/api/tickets/{ticket_id}/attachments': ['get', 'post'], '/api/tickets/{ticket_id}/attachments/{attachment_id}': ['get'],
      '/api/tickets/{ticket_id}/sla-events': ['get'], '/api/tickets/sla/first-response': ['get'], '/api/tickets/stale': ['get'],
      '/api/ops/rfqs': ['get'], '/api/ops/rfqs/{ticket_id}': ['get', 'patch'], '/api/ops/rfqs/{ticket_id}/messages': ['post'],
    })) {
      for (const m of methods) {
        expect({ path, m, summary: typeof doc.paths[path]?.[m]?.summary }).toEqual({ path, m, summary: 'string' });
      }
    }
    expect(doc.components.schemas.CreateTicketDto.properties.ticket_type.example).toBe('complaint');
    expect(doc.paths['/api/tickets/{ticket_id}'].patch.responses['409']).toBeDefined();
  });
});
