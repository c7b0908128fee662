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

/**
 * One transaction of one request. The only way code reaches the database.
 *
 * Connections run in pipeline mode: a statement is written as soon as it is
 * issued, without waiting for the prelude's answer, so the prelude and the
 * first statement share one round trip. When the prelude fails, its error is
 * the one reported (the statement behind it only says "transaction aborted").
 * With commitAfterFirst (see @OneStatement) the COMMIT is pipelined behind
 * the first statement too: Postgres answers it with ROLLBACK when the
 * statement failed, so nothing half-done can commit.
 */
export class Tx {
  private commit: Promise<unknown> | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly prelude: Promise<unknown>,
    private readonly commitAfterFirst = false,
  ) {}

  async query<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.commit) throw new Error('A @OneStatement handler issued a second statement');
    const res = this.client.query<T>(sql, params);
    res.catch(() => undefined);
    if (this.commitAfterFirst) {
      this.commit = this.client.query('COMMIT');
      this.commit.catch(() => undefined);
    }
    await this.prelude;
    const rows = (await res).rows;
    if (this.commit) await this.commit;
    return rows;
  }

  async one<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  /** The COMMIT already sent behind the first statement, if any. */
  get pipelinedCommit(): Promise<unknown> | undefined {
    return this.commit;
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
  async transaction<T>(claims: Claims | null, fn: (tx: Tx) => Promise<T>, opts: { readOnly?: boolean; oneStatement?: boolean } = {}): Promise<T> {
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
    // Hold the socket's writes until this turn of the event loop is over: the
    // prelude, the handler's first statement (and a pipelined COMMIT) leave in
    // one write: one packet to Postgres instead of three.
    const socket = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
    if (socket?.cork && socket.uncork) {
      socket.cork();
      setImmediate(() => socket.uncork!());
    }
    // Pipelined: written now, awaited by the first statement (or below).
    const prelude = client.query(preludeSql(claims, opts.readOnly));
    prelude.catch(() => undefined);
    const tx = new Tx(client, prelude, opts.oneStatement);
    try {
      const result = await this.als.run(tx, () => fn(tx));
      if (!tx.pipelinedCommit) {
        await prelude;
        await client.query('COMMIT');
      }
      return result;
    } catch (err) {
      if (tx.pipelinedCommit) {
        // The transaction already ended (COMMIT, or ROLLBACK when the statement
        // failed); only a broken connection is left to notice.
        await tx.pipelinedCommit.catch((e: Error) => {
          if (!(e as { code?: string }).code) broken = e;
        });
      } else {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
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
