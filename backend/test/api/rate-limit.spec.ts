import { createTestApp, TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '10' } });
});
afterAll(async () => {
  await t.close();
});

it('caps ordinary calls per address with a 429 problem (health checks exempt)', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await t.http().get('/api/me')).status);
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
  const r = await t.http().get('/api/me');
  expect(r.headers['content-type']).toMatch(/problem\+json/);
  expect(r.headers['retry-after']).toBe('60');
  expect(r.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  expect((await t.http().get('/api/health')).status).toBe(200);
});
