import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Db } from '../database/db.service.js';
import { problem } from '../errors/problem.js';
import { sha256Hex } from '../auth/tokens.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** JSON with object keys sorted at every level: equal bodies hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export function requestHash(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}

export interface Replay {
  status: number;
  body: unknown;
}

/**
 * Idempotency-Key of api.md. Both steps run inside the request's own
 * transaction (app.idempotency_begin / _finish), so a rolled-back request
 * stores nothing and a concurrent duplicate sees the key's lock (409).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly db: Db) {}

  keyOf(req: Request): string | undefined {
    const raw = req.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined) return undefined;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255) {
      throw problem.unprocessable('Idempotency-Key must be 1 to 255 characters', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 characters' },
      ]);
    }
    return key;
  }

  async begin(key: string, hash: string): Promise<Replay | null> {
    const row = await this.db.one<{ replay: boolean; status: number; body: unknown }>(
      'SELECT replay, status, body FROM app.idempotency_begin($1, $2)',
      [key, hash],
    );
    return row?.replay ? { status: row.status, body: row.body } : null;
  }

  /**
   * Stores the response. Secrets shown once (a new API token) are never
   * stored: fields named in `redact` are replaced, so a replay confirms the
   * creation without revealing the secret again.
   */
  async finish(key: string, hash: string, req: Request, status: number, body: unknown, redact: string[] = []): Promise<void> {
    let stored = body ?? null;
    if (redact.length && stored && typeof stored === 'object') {
      stored = { ...(stored as Record<string, unknown>) };
      for (const f of redact) if (f in (stored as Record<string, unknown>)) (stored as Record<string, unknown>)[f] = null;
    }
    await this.db.query('SELECT app.idempotency_finish($1, $2, $3, $4, $5, $6::jsonb)', [
      key, hash, req.method, req.originalUrl.split('?')[0], status, JSON.stringify(stored),
    ]);
  }
}
