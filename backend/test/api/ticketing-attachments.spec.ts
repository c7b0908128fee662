import { createTestApp, TestApp } from '../helpers/app.js';

type Auth = { authorization: string };
let t: TestApp;
const as: Record<string, Auth> = {};

// A 1×1 PNG (real magic bytes: the type is judged from the content).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const GZIP = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

beforeAll(async () => {
  t = await createTestApp();
  for (const email of ['admin@demo.local', 'director@demo.local', 'sales1@demo.local', 'sales2@demo.local', 'ops.dom@demo.local', 'ops.exi@demo.local']) {
    as[email.split('@')[0]] = { authorization: `Bearer ${(await t.login(email)).access_token}` };
  }
});
afterAll(async () => {
  await t.close();
});

async function open(who: string, body: Record<string, unknown>): Promise<string> {
  const r = await t.http().post('/api/tickets').set(as[who]).send(body);
  if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body.ticket_id;
}
const complaint = { ticket_type: 'complaint', dept_target: 'DOM', description: 'Karton penyok', shipment_reference: 'SHP-ATT-1' };
const rfq = { ticket_type: 'inquiry_tariff', rfq: { origin: 'Jakarta', destination: 'Busan', service_type: 'sea_fcl' } };
const upload = (path: string, who: string, buf: Buffer, name: string, fields: Record<string, string> = {}) => {
  let req = t.http().post(path).set(as[who]).attach('file', buf, name);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
};
/** supertest parser that keeps the body as bytes. */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('ticket attachments', () => {
  it('uploads (type by content), lists and downloads for those who see the ticket; 404 for everyone else', async () => {
    const id = await open('sales1', complaint);
    const up = await upload(`/api/tickets/${id}/attachments`, 'sales1', PNG, 'foto karton.png');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ attachment_id: expect.any(String), ticket_id: id, file_name: 'foto karton.png', content_type: 'image/png', size_bytes: PNG.length, is_internal: false, uploader_name: 'Siti Rahmawati' });
    const aid = up.body.attachment_id;
    const list = await t.http().get(`/api/tickets/${id}/attachments`).set(as.sales1);
    expect(list.body.items.map((a: { attachment_id: string }) => a.attachment_id)).toEqual([aid]);
    for (const who of ['sales1', 'ops.dom', 'director', 'admin']) {
      const d = await t.http().get(`/api/tickets/${id}/attachments/${aid}`).set(as[who]).buffer(true).parse(binary as never);
      expect({ who, status: d.status }).toEqual({ who, status: 200 });
      expect(d.headers['content-type']).toBe('image/png');
      expect(d.headers['content-disposition']).toMatch(/^attachment; filename="foto karton.png"/);
      expect(Buffer.compare(d.body as Buffer, PNG)).toBe(0);
    }
    for (const who of ['sales2', 'ops.exi']) {
      expect((await t.http().get(`/api/tickets/${id}/attachments/${aid}`).set(as[who])).status).toBe(404);
      expect((await t.http().get(`/api/tickets/${id}/attachments`).set(as[who])).status).toBe(404);
      expect((await upload(`/api/tickets/${id}/attachments`, who, PNG, 'x.png')).status).toBe(404);
    }
    expect((await t.http().get(`/api/tickets/${id}/attachments/00000000-0000-4000-8000-000000000000`).set(as.sales1)).status).toBe(404);
    expect((await t.http().get(`/api/tickets/${id}/attachments/not-a-uuid`).set(as.sales1)).status).toBe(404);
    // The generic file route follows the same attachment rules.
    const obj = (await t.db.admin.query('SELECT object_id FROM app.ticket_attachments WHERE attachment_id = $1', [aid])).rows[0].object_id;
    expect((await t.http().get(`/api/files/${obj}`).set(as['ops.dom'])).status).toBe(200);
    expect((await t.http().get(`/api/files/${obj}`).set(as.sales2)).status).toBe(404);
  });

  it('internal files stay in the target department', async () => {
    const id = await open('sales1', complaint);
    expect((await upload(`/api/tickets/${id}/attachments`, 'sales1', PDF, 'a.pdf', { is_internal: 'true' })).status).toBe(403);
    const up = await upload(`/api/tickets/${id}/attachments`, 'ops.dom', PDF, 'internal.pdf', { is_internal: 'true' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ is_internal: true, content_type: 'application/pdf' });
    expect((await t.http().get(`/api/tickets/${id}/attachments`).set(as.sales1)).body.items).toEqual([]);
    expect((await t.http().get(`/api/tickets/${id}/attachments/${up.body.attachment_id}`).set(as.sales1)).status).toBe(404);
    expect((await t.http().get(`/api/tickets/${id}/attachments/${up.body.attachment_id}`).set(as['ops.dom'])).status).toBe(200);
  });

  it('enforces the bucket limits: 413 too large, 415 type, 422 no file; nothing is stored', async () => {
    const id = await open('sales1', complaint);
    const before = (await t.db.admin.query(`SELECT count(*)::int AS n FROM app.storage_objects`)).rows[0].n;
    const big = await upload(`/api/tickets/${id}/attachments`, 'sales1', Buffer.alloc(21 * 1024 * 1024, 'a'), 'big.txt');
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toMatch(/problem\+json/);
    const gz = await upload(`/api/tickets/${id}/attachments`, 'sales1', GZIP, 'looks-like.pdf');
    expect(gz.status).toBe(415);
    const none = await t.http().post(`/api/tickets/${id}/attachments`).set(as.sales1).field('is_internal', 'false');
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([{ field: 'file', message: 'is required' }]);
    const badFlag = await upload(`/api/tickets/${id}/attachments`, 'sales1', PNG, 'x.png', { is_internal: 'maybe' });
    expect(badFlag.status).toBe(422);
    expect((await upload(`/api/tickets/${id}/attachments`, 'director', PNG, 'x.png')).status).toBe(403);
    expect((await t.db.admin.query(`SELECT count(*)::int AS n FROM app.storage_objects`)).rows[0].n).toBe(before);
    expect((await t.http().get(`/api/tickets/${id}/attachments`).set(as.sales1)).body.items).toEqual([]);
  });

  it('replays an upload with the same Idempotency-Key and file', async () => {
    const id = await open('sales1', complaint);
    const a = await upload(`/api/tickets/${id}/attachments`, 'sales1', PNG, 'x.png').set('Idempotency-Key', 'att-1');
    const b = await upload(`/api/tickets/${id}/attachments`, 'sales1', PNG, 'x.png').set('Idempotency-Key', 'att-1');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.attachment_id).toBe(a.body.attachment_id);
    expect((await t.http().get(`/api/tickets/${id}/attachments`).set(as.sales1)).body.items).toHaveLength(1);
  });

  it('on a masked RFQ ops see only files marked visible_to_ops (or their own), through the ops routes', async () => {
    const id = await open('sales1', rfq);
    const hidden = await upload(`/api/tickets/${id}/attachments`, 'sales1', PDF, 'kontrak-pelanggan.pdf');
    const shared = await upload(`/api/tickets/${id}/attachments`, 'sales1', PNG, 'denah-gudang.png', { visible_to_ops: 'true' });
    expect(shared.body.visible_to_ops).toBe(true);
    const d = await t.http().get(`/api/ops/rfqs/${id}`).set(as['ops.exi']);
    expect(d.body.attachments.map((a: { attachment_id: string }) => a.attachment_id)).toEqual([shared.body.attachment_id]);
    expect((await t.http().get(`/api/ops/rfqs/${id}/attachments/${shared.body.attachment_id}`).set(as['ops.exi'])).status).toBe(200);
    expect((await t.http().get(`/api/ops/rfqs/${id}/attachments/${hidden.body.attachment_id}`).set(as['ops.exi'])).status).toBe(404);
    expect((await t.http().get(`/api/tickets/${id}/attachments/${shared.body.attachment_id}`).set(as['ops.exi'])).status).toBe(404);
    expect((await t.http().get(`/api/ops/rfqs/${id}/attachments/${shared.body.attachment_id}`).set(as['ops.dom'])).status).toBe(404);
    const obj = (await t.db.admin.query('SELECT object_id FROM app.ticket_attachments WHERE attachment_id = $1', [hidden.body.attachment_id])).rows[0].object_id;
    expect((await t.http().get(`/api/files/${obj}`).set(as['ops.exi'])).status).toBe(404);
    // A rate sheet from ops reaches the requester.
    const sheet = await upload(`/api/ops/rfqs/${id}/attachments`, 'ops.exi', PDF, 'rate-sheet.pdf');
    expect(sheet.status).toBe(201);
    expect(sheet.body).toMatchObject({ file_name: 'rate-sheet.pdf', visible_to_ops: true });
    const mine = await t.http().get(`/api/tickets/${id}/attachments`).set(as.sales1);
    expect(mine.body.items.map((a: { file_name: string }) => a.file_name)).toEqual(['kontrak-pelanggan.pdf', 'denah-gudang.png', 'rate-sheet.pdf']);
    expect((await upload(`/api/ops/rfqs/${id}/attachments`, 'ops.dom', PDF, 'x.pdf')).status).toBe(404);
    expect((await upload(`/api/ops/rfqs/${id}/attachments`, 'sales1', PDF, 'x.pdf')).status).toBe(403);
  });
});
