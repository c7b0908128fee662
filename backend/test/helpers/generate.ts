import { hash } from '@node-rs/argon2';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { ARGON2_OPTIONS } from '../../src/core/auth/password.js';
import { DEMO_PASSWORD } from '../../src/core/database/seed.js';

export interface GenerateOptions {
  /** 1 = ~50 sales, 200k customers, 1M leads, 1M tickets, 4M messages, 500k invoices, 800k payments; e.g. 0.001 for tests. */
  scale: number;
  /** The same seed (and end) gives the same data. */
  seed: number;
  /** End of the generated history (default: now, truncated to the hour). Pass one to compare runs made at different times. */
  end?: Date | string;
  /** argon2id hash every generated user signs in with (see demoPasswordHash); without it they cannot sign in. */
  passwordHash?: string;
  /** Drop + rebuild the secondary indexes of the big tables around the load (default: scale >= 0.05). */
  rebuildIndexes?: boolean;
}

/** The generated users (gen.<kind><nn>@gen.local), e.g. kind 'sales', 'sales.manager', 'mkt.staff', 'finance', 'ops.dom', 'director'. */
export const generatedEmail = (kind: string, n = 1): string => `gen.${kind}${String(n).padStart(2, '0')}@gen.local`;

function generatorModule(): string {
  let dir = resolve(process.cwd());
  for (;;) {
    const f = join(dir, 'database', 'generator', 'generate.mjs');
    if (existsSync(f)) return f;
    if (dirname(dir) === dir) throw new Error('database/generator/generate.mjs not found above ' + process.cwd());
    dir = dirname(dir);
  }
}

/** The hash of the demo password (Demo#2026!), for opts.passwordHash. */
export function demoPasswordHash(): Promise<string> {
  return hash(DEMO_PASSWORD, ARGON2_OPTIONS);
}

/**
 * Fills a migrated database (e.g. from createTestDatabase('empty' | 'demo'))
 * with the large-data generator at the given scale and seed, in one
 * transaction. client must be a superuser connection (db.admin.connect()),
 * not inside a transaction. Returns per-step timings in ms.
 */
export async function generateDataset(client: pg.ClientBase, opts: GenerateOptions): Promise<Record<string, number>> {
  const mod = (await import(pathToFileURL(generatorModule()).href)) as {
    generateDataset(c: pg.ClientBase, o: GenerateOptions): Promise<Record<string, number>>;
  };
  return mod.generateDataset(client, opts);
}
