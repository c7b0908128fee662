#!/usr/bin/env node
// npm start: build what is missing or stale (backend, console), then run the
// server in this process. With no DATABASE_URL the server starts the embedded
// PostgreSQL (demo mode); see README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function stale(output, ...sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => existsSync(s) && newestMtime(s) > built);
}

function build(workspace, what) {
  process.stdout.write(`Building ${what}...\n`);
  const r = spawnSync('npm', ['run', 'build', '-w', workspace], { cwd: root, stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (stale(join(root, 'backend/dist/main.js'), join(root, 'backend/src'))) build('@bcc/backend', 'the API');
const console_ = join(root, 'frontend/dist/browser/index.html');
if (process.env.SERVE_CONSOLE !== 'false' && stale(console_, join(root, 'frontend/src'), join(root, 'frontend/public'))) build('@bcc/frontend', 'the console');

await import(join(root, 'backend/dist/main.js'));
