import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Input helpers shared by the AR/DSO and KPI modules. They only check the
 * shape of a value (the API's 422 for malformed input); every business rule
 * is enforced in SQL.
 */

/** A real calendar date written YYYY-MM-DD (the API's date format). */
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
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '1900-01-01' && value <= '2999-12-31';
        },
      },
    });
}

/**
 * A decimal amount as the API writes money: a string (or JSON number) with at
 * most 16 integer digits and 2 decimals. `positive` refuses 0. Numbers are
 * turned into their decimal string first (ToDecimalString), so SQL receives
 * exact text, never a binary float.
 */
export function IsDecimalAmount(opts: { positive: boolean }, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDecimalAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: opts.positive ? 'must be an amount greater than 0 with at most 2 decimals' : 'must be a number of at least 0 with at most 2 decimals', ...options },
      validator: {
        validate(value: unknown) {
          return typeof value === 'string' && /^\d{1,16}(\.\d{1,2})?$/.test(value) && (!opts.positive || /[1-9]/.test(value));
        },
      },
    });
}

export const ToDecimalString = () =>
  Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : value));

/** Query-string booleans: only the literal words true/false count. */
export const ToBoolean = () =>
  Transform(({ obj, key }) => {
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

/** LIKE pattern for a user's search text: % and _ are matched literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
