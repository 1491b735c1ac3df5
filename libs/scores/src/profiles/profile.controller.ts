import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam, Public } from '@perkrank/core';
import { PublicProfileResponse } from './profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('profiles')
@Controller('v1/profiles')
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Public()
  @Get(':userId')
  @ApiOkResponse({
    type: PublicProfileResponse,
    description: 'A member’s public profile; 404 unless they made it public (existence is never revealed)',
  })
  get(@IdParam('userId') userId: string): Promise<PublicProfileResponse> {
    return this.profiles.getPublic(userId);
  }
}
