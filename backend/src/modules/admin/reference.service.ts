import { Injectable } from '@nestjs/common';
import type {
  CreateHolidayDto, DepartmentDto, HolidayDto, SlaPolicyDto, StaleThresholdDto, UpdateDepartmentDto, UpdateHolidayDto,
  UpdateSlaPolicyDto, UpdateStaleThresholdDto,
} from './dto/reference.dto.js';
import { ReferenceRepository } from './reference.repository.js';

/** A whole reference list (small, bounded tables): the `{items, next_cursor}` shape of every list, never paged. */
function whole<T>(items: T[]): { items: T[]; next_cursor: null } {
  return { items, next_cursor: null };
}

/** Only the fields the client sent (absent = unchanged; an explicit null is kept). */
function patchOf(dto: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
}

/**
 * Reference data: departments, holidays, SLA policies, stale thresholds.
 * Reads for every signed-in role; writes go through the SQL functions of
 * migration 0540, which check super_admin again and state every rule.
 */
@Injectable()
export class ReferenceService {
  constructor(private readonly repo: ReferenceRepository) {}

  async listDepartments() {
    return whole<DepartmentDto>(await this.repo.listDepartments());
  }

  updateDepartment(code: string, dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    return this.repo.updateDepartment(code, patchOf(dto));
  }

  async listHolidays(year?: number) {
    return whole<HolidayDto>(await this.repo.listHolidays(year));
  }

  addHoliday(dto: CreateHolidayDto): Promise<HolidayDto> {
    return this.repo.addHoliday(dto.holiday_date, dto.name, dto.name_en ?? null);
  }

  updateHoliday(date: string, dto: UpdateHolidayDto): Promise<HolidayDto> {
    return this.repo.updateHoliday(date, patchOf(dto));
  }

  deleteHoliday(date: string): Promise<void> {
    return this.repo.deleteHoliday(date);
  }

  async listSlaPolicies() {
    return whole<SlaPolicyDto>(await this.repo.listSlaPolicies());
  }

  updateSlaPolicy(ticketType: string, priority: string, dto: UpdateSlaPolicyDto): Promise<SlaPolicyDto> {
    return this.repo.updateSlaPolicy(ticketType, priority, patchOf(dto));
  }

  async listStaleThresholds() {
    return whole<StaleThresholdDto>(await this.repo.listStaleThresholds());
  }

  updateStaleThreshold(entity: string, dto: UpdateStaleThresholdDto): Promise<StaleThresholdDto> {
    return this.repo.updateStaleThreshold(entity, patchOf(dto));
  }
}
