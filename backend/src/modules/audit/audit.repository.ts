import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { AuditRowDto } from './audit.dto.js';

/**
 * Reads app.audit_logs under RLS (only super_admin and director see rows).
 * The readable diff is computed in SQL from before/after.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  list(f: { table_name?: string; record_id?: string; changed_by?: string; action?: string; from?: string; to?: string; after: [string, string] | null; limit: number }): Promise<AuditRowDto[]> {
    return this.db.query<AuditRowDto>(
      `SELECT a.id::text AS id, a.table_name, a.record_id, a.action, a.changed_by, d.full_name AS changed_by_name, a.changed_at,
              a.before_data, a.after_data,
              coalesce((SELECT jsonb_agg(jsonb_build_object('field', k, 'before', a.before_data -> k, 'after', a.after_data -> k) ORDER BY k)
                          FROM (SELECT jsonb_object_keys(coalesce(a.after_data, '{}') || coalesce(a.before_data, '{}')) AS k) keys
                         WHERE k NOT IN ('updated_at', 'last_activity_at')
                           AND (a.before_data -> k) IS DISTINCT FROM (a.after_data -> k)), '[]'::jsonb) AS changes
         FROM app.audit_logs a
         LEFT JOIN app.v_directory d ON d.user_id = a.changed_by
        WHERE ($1::text IS NULL OR a.table_name = $1)
          AND ($2::text IS NULL OR a.record_id = $2)
          AND ($3::uuid IS NULL OR a.changed_by = $3)
          AND ($4::text IS NULL OR a.action = $4)
          AND ($5::text IS NULL OR a.changed_at >= CASE WHEN length($5) = 10 THEN ($5::date)::timestamp AT TIME ZONE 'Asia/Jakarta' ELSE $5::timestamptz END)
          AND ($6::text IS NULL OR a.changed_at < CASE WHEN length($6) = 10 THEN ($6::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta' ELSE $6::timestamptz END)
          AND ($7::timestamptz IS NULL OR (a.changed_at, a.id) < ($7::timestamptz, $8::bigint))
        ORDER BY a.changed_at DESC, a.id DESC
        LIMIT $9`,
      [f.table_name ?? null, f.record_id ?? null, f.changed_by ?? null, f.action ?? null, f.from ?? null, f.to ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }
}
