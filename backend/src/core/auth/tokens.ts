import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'bcc_pat_';
export const REFRESH_TOKEN_PREFIX = 'bcc_rt_';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A new opaque secret with a recognisable prefix (32 random bytes). */
export function newOpaqueToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}
