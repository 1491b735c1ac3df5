import type { NextFunction, Request, Response } from 'express';
import { uuidv7 } from '../ids/uuid7';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface WithRequestId {
  requestId?: string;
}

/** Accepts a caller's well-formed X-Request-Id (for tracing across services) or makes one. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(REQUEST_ID_HEADER);
  const id = incoming && SAFE_ID.test(incoming) ? incoming : uuidv7();
  (req as Request & WithRequestId).requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}

export function requestIdOf(req: Request, res?: Response): string {
  const fromReq = (req as Request & WithRequestId).requestId;
  if (fromReq) return fromReq;
  const header = res?.getHeader(REQUEST_ID_HEADER);
  return typeof header === 'string' ? header : uuidv7();
}
