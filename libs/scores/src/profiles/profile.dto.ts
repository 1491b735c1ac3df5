import { ApiProperty } from '@nestjs/swagger';

export class PublicProfileResponse {
  @ApiProperty({ example: 'Mia Travels' }) displayName: string;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 57.3,
    description: 'Null while the member has no score (not yet scored, or not consenting to scoring)',
  })
  score: number | null;

  @ApiProperty({ type: [String], example: ['travel', 'food'] }) topics: string[];

  @ApiProperty({
    type: [String],
    example: ['bluesky', 'mastodon'],
    description: 'Networks of verified accounts',
  })
  networks: string[];
}
