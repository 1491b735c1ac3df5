import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc, IdParam, Public } from '@perkrank/core';
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
  @ApiOperationDoc({
    operationId: 'getPublicProfile',
    summary: 'Get a public profile',
    description: "Returns a member's public profile and score, if they made it public. Public.",
  })
  get(@IdParam('userId') userId: string): Promise<PublicProfileResponse> {
    return this.profiles.getPublic(userId);
  }
}
