/**
 * @perkrank/notifications — telling people and systems what happened: mails (SMTP through
 * nodemailer, or kept in the outbox without SMTP_URL) in English and German, and signed webhooks
 * for brands (Stripe's model). Both are written by domain-event handlers in the transaction of the
 * change and delivered at least once by the outbox dispatcher.
 */
export * from './notifications.module';
export * from './notifications.exception';
export * from './dispatch/backoff';
export * from './dispatch/dispatcher';
export * from './mail/mail-kinds';
export * from './mail/templates';
export * from './mail/mail.entities';
export * from './webhooks/signature';
export * from './webhooks/target';
export * from './webhooks/webhook-events';
export * from './webhooks/webhook.entities';
