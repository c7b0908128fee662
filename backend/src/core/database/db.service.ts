import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { DataSource, QueryRunner } from 'typeorm';

/** What a request is allowed to be in SQL: set as request.jwt.claims. */
export interface Claims {
  sub: string;
  role: 'authenticated';
  app_role: string;
  dept_code: string;
  via: 'jwt' | 'api_token' | 'worker';
}

/** One transaction of one request. The only way code reaches the database. */
export class Tx {
  constructor(private readonly client: pg.PoolClient) {}

  async query<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const res = await this.client.query<T>(sql, params);
    return res.rows;
  }

  async one<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }
}

export const STATEMENT_TIMEOUT = '30s';

/**
 * The prelude of every transaction, sent as ONE simple-protocol round trip:
 * BEGIN, the role (authenticated or anon) and the caller's claims, all
 * transaction-local (set_config(..., true)) so nothing survives on the pooled
 * connection. Claims are produced by the server from a verified token and
 * embedded as an escaped literal.
 */
export function preludeSql(claims: Claims | null, readOnly = false): string {
  const role = claims ? 'authenticated' : 'anon';
  const json = claims ? JSON.stringify(claims) : '';
  return (
    `BEGIN${readOnly ? ' READ ONLY' : ''}; SELECT ` +
    `set_config('role', '${role}', true), ` +
    `set_config('request.jwt.claims', ${pg.escapeLiteral(json)}, true), ` +
    `set_config('statement_timeout', '${STATEMENT_TIMEOUT}', true)`
  );
}

@Injectable()
export class Db {
  private readonly als = new AsyncLocalStorage<Tx>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Runs fn in one transaction under the given claims (null = anon) on a
   * pooled connection: commit on success, rollback on error, connection
   * returned (or destroyed when it broke). Nested calls reuse the outer one.
   */
  async transaction<T>(claims: Claims | null, fn: (tx: Tx) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
    const outer = this.als.getStore();
    if (outer) return fn(outer);
    const runner: QueryRunner = this.dataSource.createQueryRunner(opts.readOnly ? 'slave' : 'master');
    let client: pg.PoolClient;
    try {
      client = (await runner.connect()) as pg.PoolClient;
    } catch (err) {
      await runner.release().catch(() => undefined);
      throw err;
    }
    let broken: Error | undefined;
    try {
      await client.query(preludeSql(claims, opts.readOnly));
      const tx = new Tx(client);
      const result = await this.als.run(tx, () => fn(tx));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr as Error;
      }
      throw err;
    } finally {
      await (runner as unknown as { releasePostgresConnection(e?: Error): Promise<void> }).releasePostgresConnection(broken);
    }
  }

  /** The transaction of the current request; throws outside one (a bug, not a user error). */
  get tx(): Tx {
    const tx = this.als.getStore();
    if (!tx) throw new Error('No database transaction in this context');
    return tx;
  }

  get inTransaction(): boolean {
    return this.als.getStore() !== undefined;
  }

  query<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.query<T>(sql, params);
  }

  one<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return this.tx.one<T>(sql, params);
  }

  /** Liveness of the pool: a trivial anon transaction. */
  async ping(): Promise<void> {
    await this.transaction(null, (tx) => tx.query('SELECT 1'));
  }
}
