import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { DepartmentDto, HolidayDto, SlaPolicyDto, StaleThresholdDto } from './dto/reference.dto.js';

// Column lists over a row alias, so reads and the rows returned by the write
// functions (app.reference_*, migration 0540) have one shape.
const DEPARTMENT_COLS = (a: string) => `${a}.dept_code, ${a}.name, ${a}.name_en, ${a}.is_ops, ${a}.sort_order`;
const HOLIDAY_COLS = (a: string) =>
  `${a}.holiday_date, ${a}.name, ${a}.name_en, extract(isodow FROM ${a}.holiday_date)::int AS iso_weekday,
   extract(isodow FROM ${a}.holiday_date) >= 6 AS is_weekend, ${a}.created_at`;
const SLA_COLS = (a: string) =>
  `${a}.ticket_type, ${a}.priority, ${a}.first_response_minutes, ${a}.resolution_minutes,
   round(${a}.first_response_minutes / 60.0, 2)::float8 AS first_response_hours,
   round(${a}.resolution_minutes / 60.0, 2)::float8 AS resolution_hours, ${a}.updated_at`;
const STALE_COLS = (a: string) =>
  `${a}.entity, ${a}.threshold::text AS threshold,
   round(extract(epoch FROM ${a}.threshold) / 60)::int AS threshold_minutes,
   round(extract(epoch FROM ${a}.threshold) / 3600, 2)::float8 AS threshold_hours,
   round(extract(epoch FROM ${a}.threshold) / 86400, 2)::float8 AS threshold_days,
   ${a}.description, ${a}.updated_at`;

/** The only place with SQL for reference data; runs under the caller's RLS (writes: super_admin only, in SQL). */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly db: Db) {}

  listDepartments(): Promise<DepartmentDto[]> {
    return this.db.query<DepartmentDto>(`SELECT ${DEPARTMENT_COLS('d')} FROM app.departments d ORDER BY d.sort_order, d.dept_code`);
  }

  async updateDepartment(code: string, patch: Record<string, unknown>): Promise<DepartmentDto> {
    const r = await this.db.one<DepartmentDto>(
      `SELECT ${DEPARTMENT_COLS('d')} FROM app.reference_update_department($1, $2::jsonb) d`,
      [code, JSON.stringify(patch)],
    );
    return r!;
  }

  listHolidays(year?: number): Promise<HolidayDto[]> {
    return this.db.query<HolidayDto>(
      `SELECT ${HOLIDAY_COLS('h')} FROM app.holidays h
        WHERE $1::int IS NULL OR (h.holiday_date >= make_date($1::int, 1, 1) AND h.holiday_date < make_date($1::int + 1, 1, 1))
        ORDER BY h.holiday_date`,
      [year ?? null],
    );
  }

  async addHoliday(date: string, name: string, nameEn: string | null): Promise<HolidayDto> {
    const r = await this.db.one<HolidayDto>(
      `SELECT ${HOLIDAY_COLS('h')} FROM app.reference_add_holiday($1::date, $2, $3) h`,
      [date, name, nameEn],
    );
    return r!;
  }

  async updateHoliday(date: string, patch: Record<string, unknown>): Promise<HolidayDto> {
    const r = await this.db.one<HolidayDto>(
      `SELECT ${HOLIDAY_COLS('h')} FROM app.reference_update_holiday($1::date, $2::jsonb) h`,
      [date, JSON.stringify(patch)],
    );
    return r!;
  }

  async deleteHoliday(date: string): Promise<void> {
    await this.db.query('SELECT 1 FROM app.reference_delete_holiday($1::date)', [date]);
  }

  listSlaPolicies(): Promise<SlaPolicyDto[]> {
    return this.db.query<SlaPolicyDto>(`SELECT ${SLA_COLS('p')} FROM app.sla_policies p ORDER BY p.ticket_type, p.priority`);
  }

  async updateSlaPolicy(ticketType: string, priority: string, patch: Record<string, unknown>): Promise<SlaPolicyDto> {
    const r = await this.db.one<SlaPolicyDto>(
      `SELECT ${SLA_COLS('p')} FROM app.reference_update_sla_policy($1, $2, $3::jsonb) p`,
      [ticketType, priority, JSON.stringify(patch)],
    );
    return r!;
  }

  listStaleThresholds(): Promise<StaleThresholdDto[]> {
    return this.db.query<StaleThresholdDto>(`SELECT ${STALE_COLS('th')} FROM app.stale_thresholds th ORDER BY th.entity`);
  }

  async updateStaleThreshold(entity: string, patch: Record<string, unknown>): Promise<StaleThresholdDto> {
    const r = await this.db.one<StaleThresholdDto>(
      `SELECT ${STALE_COLS('th')} FROM app.reference_update_stale_threshold($1, $2::jsonb) th`,
      [entity, JSON.stringify(patch)],
    );
    return r!;
  }
}
