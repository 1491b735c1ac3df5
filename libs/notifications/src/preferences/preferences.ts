import { Body, Controller, Get, Injectable, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, Optional, ApiOperationDoc } from '@perkrank/core';
import { type AuthUser, CurrentUser } from '@perkrank/identity';
import { IsBoolean, IsIn } from 'class-validator';
import { DataSource } from 'typeorm';
import {
  LANGUAGES,
  type Language,
  MAIL_KINDS,
  PREFERENCE_KEYS,
  PREFERENCE_OF,
  type PreferenceKey,
} from '../mail/mail-kinds';

export class NotificationSettingsResponse {
  @ApiProperty({ enum: LANGUAGES, description: 'The language of every mail' }) language: Language;
  @ApiProperty({ description: 'Claim confirmation with the code and QR code' }) claimConfirmation: boolean;
  @ApiProperty({ description: 'A reminder 24 h before a reservation expires' }) claimExpiring: boolean;
  @ApiProperty({ description: 'A claim was redeemed at the desk' }) claimRedeemed: boolean;
  @ApiProperty({
    description: 'Campaign submitted / approved / changes requested / rejected / removed (brand team)',
  })
  campaignUpdates: boolean;
  @ApiProperty({ description: 'A campaign sold out (brand team)' }) campaignSoldOut: boolean;
  @ApiProperty({ description: 'The first published score' }) scorePublished: boolean;
  @ApiProperty({
    isArray: true,
    enum: MAIL_KINDS,
    description: 'Always sent: account security, invitations and warnings about the brand’s integrations',
  })
  essential: string[];
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional({ enum: LANGUAGES }) @Optional() @IsIn(LANGUAGES) language?: Language;
  @ApiPropertyOptional() @Optional() @IsBoolean() claimConfirmation?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() claimExpiring?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() claimRedeemed?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() campaignUpdates?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() campaignSoldOut?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() scorePublished?: boolean;
}

const ESSENTIAL = MAIL_KINDS.filter((k) => PREFERENCE_OF[k] === null);

@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(userId: string): Promise<NotificationSettingsResponse> {
    const rows: Array<{ language: Language; disabled: string[] }> = await this.db.query(
      `SELECT language, disabled FROM notification_preferences WHERE user_id = $1`,
      [userId],
    );
    const language = rows[0]?.language ?? 'en';
    const disabled = new Set(rows[0]?.disabled ?? []);
    const flags = Object.fromEntries(PREFERENCE_KEYS.map((k) => [k, !disabled.has(k)])) as Record<
      PreferenceKey,
      boolean
    >;
    return { language, ...flags, essential: [...ESSENTIAL] };
  }

  async update(userId: string, input: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponse> {
    const current = await this.get(userId);
    const disabled = PREFERENCE_KEYS.filter((k) => !(input[k] ?? current[k]));
    await this.db.query(
      `INSERT INTO notification_preferences (user_id, language, disabled, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, disabled = EXCLUDED.disabled,
         updated_at = EXCLUDED.updated_at`,
      [userId, input.language ?? current.language, disabled, this.clock.now()],
    );
    return this.get(userId);
  }
}

@ApiTags('me')
@ApiBearerAuth('bearer')
@Controller('v1/me/notifications')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiOkResponse({ type: NotificationSettingsResponse })
  @ApiOperationDoc({
    operationId: 'getNotificationSettings',
    summary: 'Read my notification settings',
    description: 'The language of mails and which non-essential kinds of mail the member receives.',
  })
  get(@CurrentUser() user: AuthUser): Promise<NotificationSettingsResponse> {
    return this.preferences.get(user.id);
  }

  @Patch()
  @ApiOkResponse({
    type: NotificationSettingsResponse,
    description: 'Turns kinds of mail on or off and sets their language',
  })
  @ApiOperationDoc({
    operationId: 'updateNotificationSettings',
    summary: 'Change my notification settings',
    description:
      'Turns kinds of mail on or off and sets their language. Essential mails (verification, password reset) cannot be turned off.',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsResponse> {
    return this.preferences.update(user.id, body);
  }
}
