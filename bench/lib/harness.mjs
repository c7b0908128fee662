// Shared plumbing of the P1/P2 benchmarks: an embedded PostgreSQL of our own,
// the API as its own process(es) exactly as deployed, sign-in, percentiles,
// and a small result table. Not a test library.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = join(import.meta.dirname, '..', '..');
export const dist = join(root, 'backend', 'dist');
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
export const API_PASSWORD = 'bench-api';

export function requireBuild() {
  if (!existsSync(join(dist, 'main.js'))) {
    console.error('Build the backend first: npm run build -w @bcc/backend');
    process.exit(1);
  }
}
export const importDist = (rel) => import(pathToFileURL(join(dist, rel)).href);

export const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of an array of numbers. */
export function pct(values, p) {
  if (!values.length) return NaN;
  const a = Float64Array.from(values).sort();
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))];
}
export const median = (a) => pct(a, 50);
export const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');

/** Machine facts to print with every result. */
export function machine() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model?.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.versions.node}, load ${loadavg().map((l) => l.toFixed(1)).join('/')}`;
}

/**
 * An embedded PostgreSQL 18 (the package the product ships) in a scratch
 * directory, bootstrapped and migrated; optionally with the demo seed.
 */
export async function startDatabase({ demo = true, dbName = 'bench', dir } = {}) {
  const { startEmbeddedPostgres } = await importDist('core/database/embedded.js');
  const { bootstrapDatabase, migrate } = await importDist('core/database/migrator.js');
  const { seedDemo } = await importDist('core/database/seed.js');
  const work = dir ?? mkdtempSync(join(tmpdir(), 'bcc-bench-'));
  const port = await freePort();
  const cluster = await startEmbeddedPostgres({ databaseDir: join(work, 'pg'), port, password: 'bench-superuser' });
  await cluster.createDatabase(dbName);
  const adminUrl = cluster.adminUrl(dbName);
  await bootstrapDatabase(adminUrl, API_PASSWORD);
  await migrate(adminUrl);
  if (demo) await seedDemo(adminUrl);
  return {
    work,
    port,
    adminUrl,
    apiUrl: cluster.apiUrl(dbName, API_PASSWORD),
    async stop({ keep = false } = {}) {
      await cluster.stop();
      if (!keep && !dir) rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The API as its own process (node backend/dist/main.js), NODE_ENV=production. Resolves when ready. */
export async function startApi(databaseUrl, { poolMax, env = {}, dataDir, nodeArgs = [], main = join(dist, 'main.js') } = {}) {
  const port = await freePort();
  const scratch = dataDir ? null : mkdtempSync(join(tmpdir(), 'bcc-bench-api-'));
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DATA_DIR: dataDir ?? scratch,
      SERVE_CONSOLE: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      ...(poolMax ? { DB_POOL_MAX: String(poolMax) } : {}),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health/ready`)).status === 200) break;
    } catch {
      /* starting */
    }
    if (i > 3600 || child.exitCode !== null) throw new Error('API did not become ready');
    await sleep(50);
  }
  return {
    base,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.on('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export async function login(base, email, password) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await r.json();
  if (r.status !== 200 && r.status !== 201) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** pgbench from the PATH, or null (with how to get it). */
export function findPgbench() {
  const r = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return { bin: 'pgbench', version: r.stdout.trim() };
  return null;
}
export const PGBENCH_HELP =
  'pgbench is not installed. It ships with the PostgreSQL client tools: Debian/Ubuntu `apt-get install postgresql-contrib` ' +
  '(or postgresql-client-NN on newer releases), macOS `brew install libpq` (add its bin to PATH), ' +
  'or any PostgreSQL server package. Any pgbench ≥ 13 drives PostgreSQL 18.';

export function table(rows, head) {
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${r.join(' | ')} |`);
  return out.join('\n');
}

/** Reads VmHWM (peak RSS, MB) of a process. */
export function peakRssMb(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** /proc/<pid>/stat → [ppid, utime + stime, cutime + cstime] in ms (clock ticks of 10 ms); null when gone. */
export function procStat(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return [Number(f[1]), (Number(f[11]) + Number(f[12])) * 10, (Number(f[13]) + Number(f[14])) * 10];
  } catch {
    return null;
  }
}

/**
 * CPU ms used so far by a process; with `family`, also by its reaped children
 * (cutime) and its live children — for PostgreSQL: the postmaster and every
 * backend, including the ones that already exited.
 */
export function cpuMs(pid, family = false) {
  const own = procStat(pid);
  if (!own) return 0;
  let total = own[1] + (family ? own[2] : 0);
  if (family) {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const st = procStat(d);
      if (st && st[0] === pid) total += st[1];
    }
  }
  return total;
}

/** The postmaster's pid of a cluster started by startDatabase(). */
export function postmasterPid(db) {
  return Number(readFileSync(join(db.work, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}
