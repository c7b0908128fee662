import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemError } from '../errors/problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      // class-validator prefixes messages with the property name; keep them short.
      message: message.startsWith(`${e.property} `) ? message.slice(e.property.length + 1) : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Keys that would reach an object's prototype when copied; never a field of any DTO. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Paths of prototype keys anywhere in a parsed JSON body (JSON.parse keeps "__proto__" as an own key). */
export function prototypeKeys(value: unknown, parent = '', depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 32) return [];
  return Object.keys(value).flatMap((k) => {
    const field = parent ? `${parent}.${k}` : k;
    return PROTOTYPE_KEYS.has(k) ? [field] : prototypeKeys((value as Record<string, unknown>)[k], field, depth + 1);
  });
}

/**
 * The global pipe: like ValidationPipe, but a body or query carrying a
 * prototype key (__proto__, constructor, prototype) is refused as an unknown
 * field before class-transformer copies it (it would otherwise replace the
 * DTO's prototype and slip past the unknown-field check).
 */
class BccValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const bad = prototypeKeys(value);
      if (bad.length) throw new ProblemError(422, 'The request has invalid fields', { errors: bad.map((field) => ({ field, message: 'is not an allowed field' })) });
    }
    return super.transform(value, metadata);
  }
}

/**
 * Global validation: unknown fields are refused, types are transformed, and
 * every failure is a 422 problem with errors[{field, message}] (api.md).
 */
export function createValidationPipe(): ValidationPipe {
  return new BccValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors).map((e) => (e.message.includes('should not exist') ? { field: e.field, message: 'is not an allowed field' } : e));
      return new ProblemError(422, 'The request has invalid fields', { errors: list });
    },
  });
}
