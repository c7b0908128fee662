import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, registerDecorator, ValidationOptions } from 'class-validator';

export const SOURCE_CHANNELS = ['website', 'referral', 'event', 'social_media', 'email_campaign', 'cold_call', 'whatsapp', 'other'] as const;
export const LEAD_STATUSES = ['NEW', 'QUALIFIED', 'HANDED_OVER', 'CONVERTED', 'DISQUALIFIED'] as const;
export const PROSPECT_STAGES = ['NEW', 'CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST'] as const;
export const SERVICE_TYPES = ['air', 'sea_fcl', 'sea_lcl', 'land', 'express'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const USER_ACTIVITY_TYPES = ['visit', 'call', 'meeting', 'email', 'whatsapp'] as const;
export const ACTIVITY_TYPES = [...USER_ACTIVITY_TYPES, 'stage_change', 'rfq_created', 'handover'] as const;
export const MARKETING_EVENT_TYPES = ['campaign', 'event', 'content', 'ads', 'other'] as const;

/** A real calendar date written YYYY-MM-DD (what the API uses for dates). */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a date YYYY-MM-DD', ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const d = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
        },
      },
    });
}

/** An ISO-8601 timestamp with date and time (an offset is recommended; without one the server's Asia/Jakarta applies). */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an ISO-8601 timestamp', ...options },
      validator: {
        validate(value: unknown) {
          return (
            typeof value === 'string' &&
            /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) &&
            !Number.isNaN(Date.parse(value))
          );
        },
      },
    });
}

/**
 * Money as the API writes it: a decimal string (or a JSON number) greater
 * than zero with at most two decimals. Numbers are turned into their decimal
 * string first (see ToDecimalString) so SQL receives exact text.
 */
export function IsPositiveMoney(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPositiveMoney',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an amount greater than 0 with at most 2 decimals', ...options },
      validator: {
        validate(value: unknown) {
          return typeof value === 'string' && /^\d{1,16}(\.\d{1,2})?$/.test(value) && /[1-9]/.test(value);
        },
      },
    });
}

export const ToDecimalString = () => Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));

/** Query-string booleans: only the literal words true/false count. */
export const ToBoolean = () => Transform(({ obj, key }) => {
  const raw = (obj as Record<string, unknown>)[key];
  if (raw === 'true' || raw === true) return true;
  if (raw === 'false' || raw === false) return false;
  return raw;
});

/** Trims text input; blank optional text becomes absent. */
export const TrimToUndefined = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));

export class PageQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from next_cursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}
