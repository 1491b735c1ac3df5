import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PersonalData, type PersonalDataContributor, type PersonalIdentifiers } from '@perkrank/core';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Mails and notification settings in export and erasure. The member's mails and settings go with
 * their account (foreign keys); erasure also removes mails kept for their address without a link
 * to the account (an invitation sent before they registered), and the email-verification and reset
 * tokens go with the users row. Mails inviting someone else keep nothing of the inviter.
 */
@Injectable()
@PersonalData({ name: 'notifications' })
export class NotificationsPersonalData implements PersonalDataContributor {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async export(userId: string): Promise<Record<string, unknown>> {
    const settings: Array<Record<string, unknown>> = await this.db.query(
      `SELECT language, disabled, updated_at AS "updatedAt" FROM notification_preferences WHERE user_id = $1`,
      [userId],
    );
    const mails: Array<Record<string, unknown>> = await this.db.query(
      `SELECT kind, to_address AS "to", subject, status, created_at AS "createdAt", sent_at AS "sentAt"
         FROM mail_outbox WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return { notificationSettings: settings[0] ?? null, mails };
  }

  async erase(userId: string, manager: EntityManager, known: PersonalIdentifiers): Promise<void> {
    await manager.query(`DELETE FROM mail_outbox WHERE user_id = $1 OR to_address = ANY($2::text[])`, [
      userId,
      known.terms.map((t) => t.toLowerCase()),
    ]);
    // Invitations they sent to others stay with the invitee, without the inviter: the id goes, and
    // a mail already written (it names the inviter) keeps no body.
    await manager.query(
      `UPDATE mail_outbox SET params = params - 'invitedById', subject = NULL, text_body = NULL, html_body = NULL
        WHERE params->>'invitedById' = $1`,
      [userId],
    );
    await manager.query(`DELETE FROM notification_preferences WHERE user_id = $1`, [userId]);
  }
}
