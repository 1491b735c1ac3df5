import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiOperationDoc,
  ApiPageResponse,
  IdParam,
  IdParams,
  type Page,
  pageLimit,
  PostAction,
} from '@perkrank/core';
import { type AuthUser, CurrentUser } from '@perkrank/identity';
import {
  CreateWebhookEndpointDto,
  DeliveryListQuery,
  RotateSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryResponse,
  WebhookEndpointResponse,
  WebhookEndpointWithSecretResponse,
} from './webhook.dto';
import { type EndpointPath, WebhookEndpointService } from './webhook-endpoint.service';

/** `:brandId/…/:id`, the endpoint every route below but the first two is about. */
const Endpoint = (): ParameterDecorator => IdParams('brandId', 'id');

@ApiTags('webhooks')
@ApiBearerAuth('bearer')
@Controller('v1/brands/:brandId/webhook-endpoints')
export class WebhookEndpointController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Post()
  @ApiCreatedResponse({
    type: WebhookEndpointWithSecretResponse,
    description: 'The endpoint with its signing secret, which is shown this once (owner or manager).',
  })
  @ApiOperationDoc({
    operationId: 'createWebhookEndpoint',
    summary: 'Add a webhook endpoint',
    description:
      'Subscribes an https URL to event types of the brand. The signing secret is in this response only. Owners and managers.',
  })
  create(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointWithSecretResponse> {
    return this.endpoints.create(user, brandId, body);
  }

  @Get()
  @ApiOkResponse({ type: [WebhookEndpointResponse] })
  @ApiOperationDoc({
    operationId: 'listWebhookEndpoints',
    summary: 'List webhook endpoints',
    description:
      "Lists the brand's webhook endpoints with their state, never their secrets. Owners and managers.",
  })
  list(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
  ): Promise<WebhookEndpointResponse[]> {
    return this.endpoints.list(user, brandId);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiOperationDoc({
    operationId: 'getWebhookEndpoint',
    summary: 'Get a webhook endpoint',
    description:
      'One endpoint of the brand with its events, state and last success, never its secret. Owners and managers.',
  })
  get(@CurrentUser() user: AuthUser, @Endpoint() path: EndpointPath): Promise<WebhookEndpointResponse> {
    return this.endpoints.get(user, path);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: WebhookEndpointResponse,
    description: 'Changes the URL or events; `enabled` switches it on or off.',
  })
  @ApiOperationDoc({
    operationId: 'updateWebhookEndpoint',
    summary: 'Change a webhook endpoint',
    description:
      'Changes the URL, description, events or state (re-enabling a disabled endpoint). Owners and managers.',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Endpoint() path: EndpointPath,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointResponse> {
    return this.endpoints.update(user, path, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The endpoint and its delivery log are deleted; nothing more is sent to it.',
  })
  @ApiOperationDoc({
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete a webhook endpoint',
    description: 'Deletes the endpoint and stops its pending deliveries. Owners and managers.',
  })
  remove(@CurrentUser() user: AuthUser, @Endpoint() path: EndpointPath): Promise<void> {
    return this.endpoints.remove(user, path);
  }

  @PostAction(':id/rotate-secret', {
    type: WebhookEndpointWithSecretResponse,
    description:
      'A new secret (shown once); the old one keeps signing beside it for overlapSeconds (default 24 h).',
  })
  @ApiOperationDoc({
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the signing secret',
    description:
      'Issues a new signing secret (in this response only); the old one keeps signing alongside it for the overlap window. Owners and managers.',
  })
  rotate(
    @CurrentUser() user: AuthUser,
    @Endpoint() path: EndpointPath,
    @Body() body: RotateSecretDto,
  ): Promise<WebhookEndpointWithSecretResponse> {
    return this.endpoints.rotate(user, path, body.overlapSeconds);
  }

  @Get(':id/deliveries')
  @ApiPageResponse(WebhookDeliveryResponse, 'The delivery log, newest first, with every attempt.')
  @ApiOperationDoc({
    operationId: 'listWebhookDeliveries',
    summary: 'List deliveries of an endpoint',
    description:
      'The delivery log of one endpoint, newest first, by cursor: status, attempts, last response. Owners and managers.',
  })
  deliveries(
    @CurrentUser() user: AuthUser,
    @Endpoint() path: EndpointPath,
    @Query() query: DeliveryListQuery,
  ): Promise<Page<WebhookDeliveryResponse>> {
    return this.endpoints.deliveries(user, path, {
      limit: pageLimit(query),
      cursor: query.cursor,
      status: query.status,
    });
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: WebhookDeliveryResponse,
    description: 'The same event (same id) queued again as a new delivery.',
  })
  @ApiOperationDoc({
    operationId: 'redeliverWebhook',
    summary: 'Deliver an event again',
    description: 'Queues the event of a delivery once more, with the same event id. Owners and managers.',
  })
  redeliver(
    @CurrentUser() user: AuthUser,
    @IdParams('brandId', 'id', 'deliveryId') { deliveryId, ...path }: EndpointPath & { deliveryId: string },
  ): Promise<WebhookDeliveryResponse> {
    return this.endpoints.redeliver(user, path, deliveryId);
  }
}
