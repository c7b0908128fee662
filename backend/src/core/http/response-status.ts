import type { NextFunction, Request, Response } from 'express';

/**
 * Nest always applies the route's static status code when it replies. A
 * handler or interceptor that must answer with another one (an idempotent
 * replay, "same file again → 200") sets it here; the middleware below makes
 * res.status() honour it. The problem filter clears it for errors.
 */
export function setResponseStatus(res: Response, status: number): void {
  (res.locals as Record<string, unknown>).bccStatus = status;
  res.status(status);
}

export function responseStatusOverride(_req: Request, res: Response, next: NextFunction): void {
  const original = res.status.bind(res);
  res.status = ((code: number) => original(((res.locals as Record<string, unknown>).bccStatus as number | undefined) ?? code)) as Response['status'];
  next();
}
