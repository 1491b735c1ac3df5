import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@perkrank/identity';
import { OutboxDispatcher } from './dispatch/dispatcher';
import { OutboxWriter } from './dispatch/outbox-writer';
import { NotificationHandlers } from './events/notification-handlers';
import { MailMessage, NotificationPreferences } from './mail/mail.entities';
import { OutboxController, OutboxService } from './mail/outbox.controller';
import { NotificationPreferencesController, NotificationPreferencesService } from './preferences/preferences';
import { NotificationsPersonalData } from './privacy/notifications-personal-data';
import { WebhookEndpointController } from './webhooks/webhook-endpoint.controller';
import { WebhookEndpointService } from './webhooks/webhook-endpoint.service';
import {
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookEndpoint,
  WebhookEvent,
} from './webhooks/webhook.entities';

/** Mail (SMTP or the outbox) and signed webhooks, fed by the other contexts' domain events. */
@Module({
  imports: [
    IdentityModule,
    TypeOrmModule.forFeature([
      MailMessage,
      NotificationPreferences,
      WebhookEndpoint,
      WebhookEvent,
      WebhookDelivery,
      WebhookDeliveryAttempt,
    ]),
  ],
  controllers: [WebhookEndpointController, NotificationPreferencesController, OutboxController],
  providers: [
    OutboxWriter,
    NotificationHandlers,
    OutboxDispatcher,
    OutboxService,
    NotificationPreferencesService,
    WebhookEndpointService,
    NotificationsPersonalData,
  ],
  exports: [OutboxDispatcher, OutboxService],
})
export class NotificationsModule {}
