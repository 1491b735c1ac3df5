import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppConfig } from '@perkrank/core';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { SocialException } from '../social.exception';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The ingestion endpoint takes the INGEST_TOKEN service token instead of a user's session.
 * Compared through digests in constant time, so neither its content nor its length leaks.
 */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.INGEST_TOKEN;
    const header = context.switchToHttp().getRequest<Request>().header('authorization') ?? '';
    const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!expected)
      throw new SocialException(
        'invalid_ingest_token',
        'Ingestion over HTTP is turned off (INGEST_TOKEN is not set).',
      );
    if (presented === undefined || !timingSafeEqual(digest(presented), digest(expected)))
      throw new SocialException(
        'invalid_ingest_token',
        'A valid ingestion token is required: Authorization: Bearer <INGEST_TOKEN>.',
      );
    return true;
  }
}
