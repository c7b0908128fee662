/** One partner API token as `GET /api/api-tokens` lists it (never the secret). */
export interface ApiToken {
  token_id: string;
  user_id: string;
  name: string;
  /** The start of the secret (`bcc_pat_AbCd`), to recognise a token. */
  token_prefix: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * `POST /api/api-tokens` → 201: the token plus its secret, shown once. `token` is null when the
 * server replays an idempotent request (the secret is never stored).
 */
export interface CreatedApiToken extends ApiToken {
  token: string | null;
}

export interface ApiTokenCreate {
  name: string;
  expires_in_days?: number;
}

export type ApiTokenStatus = 'active' | 'revoked' | 'expired';

/** Limits of `CreateApiTokenDto` (name 1–100, 1–365 days, default 90). */
export const TOKEN_NAME_MAX_LENGTH = 100;
export const TOKEN_DAYS_MIN = 1;
export const TOKEN_DAYS_MAX = 365;
export const TOKEN_DAYS_DEFAULT = 90;

export function tokenStatus(token: ApiToken, now: number = Date.now()): ApiTokenStatus {
  if (token.revoked_at) {
    return 'revoked';
  }
  const expires = Date.parse(token.expires_at);
  return Number.isFinite(expires) && expires <= now ? 'expired' : 'active';
}

/** The list form of a freshly created token: the secret is dropped, never kept or shown. */
export function withoutSecret(created: CreatedApiToken): ApiToken {
  const { token: _secret, ...listed } = created;
  return listed;
}
