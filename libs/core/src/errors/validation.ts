import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { ValidationFailedException } from './app.exception';

/** Flattens nested class-validator errors to `{ "a.b[0].c": ["message"] }` without any submitted value. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    if (error.constraints) {
      fields[path] = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? `${path} is not an allowed property` : message,
      );
    }
    if (error.children?.length) Object.assign(fields, flattenValidationErrors(error.children, path));
  }
  return fields;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // class-validator puts the value into messages only when asked; make sure it never is.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/**
 * Absent is fine; `null` is not. class-validator's IsOptional() also lets `null` through, which
 * reaches NOT NULL columns as a 500: DTOs use this instead (lint refuses IsOptional).
 */
export const Optional = (): PropertyDecorator => ValidateIf((_o, value) => value !== undefined);

/** Absent or `null` (which clears the field): only for fields whose column is nullable. */
export const Nullable = (): PropertyDecorator =>
  ValidateIf((_o, value) => value !== undefined && value !== null);

/** The largest value of a Postgres `integer` (int4) column. */
export const INT4_MAX = 2_147_483_647;
