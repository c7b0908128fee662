import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { REPO_ROOT } from '../../src/core/config/config.js';
import { freePort, sleep } from '../reliability/support.js';

/** A backend process started exactly as deployed (`node backend/dist/…`, NODE_ENV=production). */
export interface ChildServer {
  proc: ChildProcess;
  /** http://127.0.0.1:<port> for an API; '' for a worker. */
  url: string;
  output: string[];
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

function spawnBackend(script: string, env: Record<string, string>): Omit<ChildServer, 'url'> {
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'backend', 'dist', script)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SERVE_CONSOLE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  return { proc, output, exited, stop };
}

/** `node backend/dist/main.js` on a free port; resolves once /api/health/ready answers 200. */
export async function startChildApi(env: Record<string, string>): Promise<ChildServer> {
  const port = await freePort();
  const child = spawnBackend('main.js', { PORT: String(port), ...env });
  const api: ChildServer = { ...child, url: `http://127.0.0.1:${port}` };
  const until = Date.now() + 60_000;
  for (;;) {
    if (api.proc.exitCode !== null) throw new Error(`API exited with ${api.proc.exitCode}: ${api.output.join('')}`);
    const ok = await request(api.url).get('/api/health/ready').then((r) => r.status === 200, () => false);
    if (ok) return api;
    if (Date.now() > until) throw new Error(`API not ready: ${api.output.join('')}`);
    await sleep(200);
  }
}

/** `node backend/dist/cli/worker.js` (the background import worker); resolves once it says it is ready. */
export async function startChildWorker(env: Record<string, string>): Promise<ChildServer> {
  const child = spawnBackend(join('cli', 'worker.js'), { LOG_LEVEL: 'info', ...env });
  const worker: ChildServer = { ...child, url: '' };
  const until = Date.now() + 60_000;
  for (;;) {
    if (worker.proc.exitCode !== null) throw new Error(`worker exited with ${worker.proc.exitCode}: ${worker.output.join('')}`);
    if (worker.output.join('').includes('import worker process ready')) return worker;
    if (Date.now() > until) throw new Error(`worker not ready: ${worker.output.join('')}`);
    await sleep(200);
  }
}
