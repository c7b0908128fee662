/** `/api/reference/*` (reference data; docs/api.md "Reference data"). */

export const TICKET_TYPES = ['inquiry_tariff', 'request_pickup', 'complaint', 'general_request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Stale-threshold entities with a translated label; others (added later) show their key. */
export const KNOWN_STALE_ENTITIES = ['ticket', 'lead', 'prospect', 'import'] as const;

export const REFERENCE_TABS = ['departments', 'holidays', 'sla', 'stale'] as const;
export type ReferenceTab = (typeof REFERENCE_TABS)[number];

export interface ReferenceList<T> {
  items: T[];
  next_cursor: null;
}

export interface Department {
  dept_code: string;
  name: string;
  name_en: string;
  is_ops: boolean;
  sort_order: number;
}

export interface DepartmentUpdate {
  name?: string;
  name_en?: string;
  sort_order?: number;
}

export interface Holiday {
  holiday_date: string;
  name: string;
  name_en: string | null;
  /** 1 = Monday … 7 = Sunday. */
  iso_weekday: number;
  is_weekend: boolean;
  created_at: string;
}

export interface HolidayCreate {
  holiday_date: string;
  name: string;
  name_en?: string | null;
}

export interface HolidayUpdate {
  name?: string;
  name_en?: string | null;
}

export interface SlaPolicy {
  ticket_type: TicketType;
  priority: TicketPriority;
  /** Business minutes, as stored. */
  first_response_minutes: number;
  resolution_minutes: number;
  first_response_hours: number;
  resolution_hours: number;
  updated_at: string;
}

export interface SlaPolicyUpdate {
  first_response_minutes?: number;
  resolution_minutes?: number;
}

export interface StaleThreshold {
  entity: string;
  /** The stored interval as PostgreSQL writes it (`2 days`, `01:00:00`). */
  threshold: string;
  /** Exact; hours and days are rounded to 2 decimals. */
  threshold_minutes: number;
  threshold_hours: number;
  threshold_days: number;
  description: string;
  updated_at: string;
}

export interface StaleThresholdUpdate {
  threshold_hours?: number;
  description?: string;
}
