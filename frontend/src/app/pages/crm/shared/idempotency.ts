/**
 * Idempotency keys for POSTs (api.md "Idempotency"): one key per form submission, reused when
 * the same submission is retried (a double click, a retry after a timeout), so the server
 * replays the first answer instead of creating a second record.
 */

/** A random v4 UUID; `crypto.randomUUID` needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') {
    c.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Stable JSON (sorted keys) so the same body always compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The key of one submission. `keyFor(body)` returns the same key as long as the body is the
 * one last sent (a retry of the same submission) and a fresh key once the body changed (the
 * server answers a reused key with a different body with 422). `complete()` after success:
 * the next submission, even of identical data, is a new one.
 */
export class IdempotentSubmission {
  private key: string | null = null;
  private body: string | null = null;

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  keyFor(body: unknown): string {
    const serialized = canonical(body);
    if (this.key === null || serialized !== this.body) {
      this.key = this.generate();
      this.body = serialized;
    }
    return this.key;
  }

  /** The key in use, if a submission is pending (for tests and diagnostics). */
  current(): string | null {
    return this.key;
  }

  complete(): void {
    this.key = null;
    this.body = null;
  }
}
