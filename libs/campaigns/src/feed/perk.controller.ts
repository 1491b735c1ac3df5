import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc, ApiPageResponse, IdParam, pageLimit } from '@perkrank/core';
import { type AuthUser, CurrentUser, SessionReadRow, WithSessionRead } from '@perkrank/identity';
import { PerkDetailResponse, PerkQuery, PerkResponse } from './perk.dto';
import { FEED_MEMBER_READ } from './perk-feed.repository';
import { PerkFeedService } from './perk-feed.service';

@ApiTags('perks')
@ApiBearerAuth('bearer')
@Controller('v1/perks')
export class PerkController {
  constructor(private readonly perks: PerkFeedService) {}

  @Get()
  @ApiPageResponse(
    PerkResponse,
    'Perks you can claim now, newest first; with includeLocked=true also the live ones you cannot, with reasons',
  )
  @ApiOperationDoc({
    operationId: 'listPerks',
    summary: 'List perks',
    description:
      'The feed of live perks, with whether the caller is eligible, by cursor; filter by topic and location.',
  })
  @WithSessionRead(FEED_MEMBER_READ)
  // The page comes serialised (PerkFeedService.listJson): the Page<PerkResponse> documented
  // above, byte for byte what express's res.json would send for it.
  @Header('Content-Type', 'application/json; charset=utf-8')
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: PerkQuery,
    @SessionReadRow() read?: Record<string, unknown>,
  ): Promise<string> {
    return this.perks.listJson(user, { ...query, limit: pageLimit(query) }, read);
  }

  @Get(':id')
  @ApiOkResponse({ type: PerkDetailResponse })
  @ApiOperationDoc({
    operationId: 'getPerk',
    summary: 'Get a perk',
    description: "Returns one live perk with the caller's eligibility and the reasons.",
  })
  @WithSessionRead(FEED_MEMBER_READ)
  get(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @SessionReadRow() read?: Record<string, unknown>,
  ): Promise<PerkDetailResponse> {
    return this.perks.get(user, id, read);
  }
}
