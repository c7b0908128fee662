#!/usr/bin/env node
// P4: `npm start` on an installed checkout → /api/health/ready green.
// Runs the real start script N times against a fresh DATA_DIR (first run:
// initdb + migrations + seed) and then the same DATA_DIR again (warm
// restarts), printing each time and the medians. Not a test: a benchmark.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 3);

const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });

async function once(dataDir) {
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out = (out + d).slice(-4000); });
  child.stderr.on('data', (d) => { out = (out + d).slice(-4000); });
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (performance.now() - t0 > 120_000 || child.exitCode !== null) {
      child.kill('SIGINT');
      throw new Error(`not ready (exit ${child.exitCode}); last output:\n${out}`);
    }
  }
  const ms = performance.now() - t0;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGINT');
  await exited;
  return ms;
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'bcc-bench-start-'));
  try {
    cold.push(await once(dir));
    warm.push(await once(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`run ${i + 1}: first start ${(cold[i] / 1000).toFixed(2)} s, restart ${(warm[i] / 1000).toFixed(2)} s`);
}
console.log(`P4 start-up to ready (median of ${runs}): first start ${(median(cold) / 1000).toFixed(2)} s (initdb + migrations + demo seed), restart ${(median(warm) / 1000).toFixed(2)} s — target ≤ 15 s`);
