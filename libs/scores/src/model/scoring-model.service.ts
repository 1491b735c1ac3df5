import { Injectable } from '@nestjs/common';
import { CURRENT_MODEL, ScoringModel } from '@perkrank/scoring';
import { createHash } from 'node:crypto';
import { MemberScoreRepository } from '../member/member-score.repository';

export type PublishedModel = ScoringModel & { populationSize: number; computedAt: Date | null };

/** The model document as sent: its JSON and a strong ETag over exactly those bytes. */
export interface ModelDocument {
  json: string;
  etag: string;
}

/**
 * CURRENT_MODEL serialised once: the model is a constant of the running code. Only the population
 * (size and latest computation) is read per request, so a withdrawn consent or a new run shows at
 * once; the document is `{ ...CURRENT_MODEL, populationSize, computedAt }` to the byte.
 */
const MODEL_JSON = JSON.stringify(CURRENT_MODEL);
const MODEL_PREFIX = `${MODEL_JSON.slice(0, -1)}${MODEL_JSON === '{}' ? '' : ','}`;

/** The model the engine runs is the model we publish: both read CURRENT_MODEL, so they cannot drift. */
@Injectable()
export class ScoringModelService {
  private last: { key: string; document: ModelDocument } | undefined;

  constructor(private readonly scores: MemberScoreRepository) {}

  async published(): Promise<PublishedModel> {
    const population = await this.scores.population();
    return { ...CURRENT_MODEL, populationSize: population.size, computedAt: population.computedAt };
  }

  /** The document of `published()`, serialised; the same population gives the same bytes and ETag. */
  async document(): Promise<ModelDocument> {
    const { size, computedAt } = await this.scores.population();
    const key = `${size}|${computedAt === null ? '' : computedAt.toISOString()}`;
    if (this.last?.key !== key) {
      const json = `${MODEL_PREFIX}"populationSize":${size},"computedAt":${JSON.stringify(computedAt)}}`;
      const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
      this.last = { key, document: { json, etag } };
    }
    return this.last.document;
  }
}
