import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * Global validation: unknown fields are refused, types are transformed, and
 * every failure is a 422 problem with errors[{field, message}] (api.md).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
