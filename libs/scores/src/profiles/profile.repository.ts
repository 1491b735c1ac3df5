import { Injectable } from '@nestjs/common';
import { ReadReplica } from '@perkrank/core';

export interface PublicProfileRow {
  displayName: string;
  topics: string[];
  score: number | null;
  networks: string[];
}

/** The public profile, read in one query across identity, scores and social accounts (on the read replica: lag-tolerant). */
@Injectable()
export class ProfileRepository {
  constructor(private readonly db: ReadReplica) {}

  /**
   * The profile of an active member who made it public; undefined otherwise. The score shows
   * only while they consent; networks are those of their verified accounts.
   */
  async findPublic(userId: string): Promise<PublicProfileRow | undefined> {
    const rows: PublicProfileRow[] = await this.db.query(
      `SELECT u.display_name AS "displayName", u.topics,
              ms.score,
              coalesce((SELECT array_agg(DISTINCT sa.network::text ORDER BY sa.network::text)
                          FROM verified_social_accounts_v sa WHERE sa.user_id = u.id),
                       '{}'::text[]) AS networks
         FROM member_profiles_v u LEFT JOIN published_scores_v ms ON ms.user_id = u.id
        WHERE u.id = $1 AND u.public_profile AND u.status = 'active'`,
      [userId],
    );
    return rows[0];
  }
}
