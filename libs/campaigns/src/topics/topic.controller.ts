import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc, Public } from '@perkrank/core';
import { TOPICS } from '@perkrank/reference';

export class TopicListResponse {
  @ApiProperty({ enum: TOPICS, isArray: true }) data: string[];
}

/** The one published topic list that campaigns target and members pick. */
@ApiTags('perks')
@Controller('v1/topics')
export class TopicController {
  @Get()
  @Public()
  @ApiOkResponse({ type: TopicListResponse })
  @ApiOperationDoc({
    operationId: 'listTopics',
    summary: 'List topics',
    description: 'Lists the topics perks can be filtered by. Public.',
  })
  list(): TopicListResponse {
    return { data: [...TOPICS] };
  }
}
