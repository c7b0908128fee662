#!/usr/bin/env node
// P5: Angular initial JS (gzip) ≤ 300 kB and every feature route lazy.
// Reads the production build's index.html, sums the gzip size of the
// scripts it loads eagerly (and their static imports), and lists lazy chunks.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'frontend', 'dist', 'browser');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
const seen = new Set();
const queue = [...entry];
while (queue.length) {
  const f = queue.shift();
  if (seen.has(f)) continue;
  seen.add(f);
  const src = readFileSync(join(dist, f), 'utf8');
  // static imports only: `import ... from "./chunk-X.js"` / `import "./chunk-X.js"`
  for (const m of src.matchAll(/import(?:[^"'()]*?from)?\s*["']\.\/([^"']+\.js)["']/g)) queue.push(m[1]);
}
const size = (f) => ({ raw: statSync(join(dist, f)).size, gzip: gzipSync(readFileSync(join(dist, f)), { level: 9 }).length });
let raw = 0;
let gz = 0;
for (const f of seen) { const s = size(f); raw += s.raw; gz += s.gzip; }
const all = readdirSync(dist).filter((f) => f.endsWith('.js'));
const lazy = all.filter((f) => !seen.has(f));
const lazyGz = lazy.reduce((a, f) => a + size(f).gzip, 0);
console.log(`P5 initial JS: ${seen.size} files, ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip — target ≤ 300 kB gzip`);
console.log(`   lazy chunks: ${lazy.length} files, ${(lazyGz / 1024).toFixed(1)} kB gzip (loaded per route)`);
if (gz > 300 * 1024) process.exitCode = 1;
