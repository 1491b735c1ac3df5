import { Injectable } from '@nestjs/common';
import { ScoresException } from '../scores.exception';
import type { PublicProfileResponse } from './profile.dto';
import { ProfileRepository } from './profile.repository';

@Injectable()
export class ProfileService {
  constructor(private readonly profiles: ProfileRepository) {}

  /**
   * Anyone may read a profile its member made public. Private, suspended and unknown members all
   * get the same 404, so the answer never tells whether an account exists.
   */
  async getPublic(userId: string): Promise<PublicProfileResponse> {
    const profile = await this.profiles.findPublic(userId);
    if (!profile) throw new ScoresException('profile_not_found', 'No public profile with this id was found.');
    return {
      displayName: profile.displayName,
      score: profile.score,
      topics: profile.topics,
      networks: profile.networks,
    };
  }
}
