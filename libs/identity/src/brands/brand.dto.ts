import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsISO31661Alpha2, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import { Optional } from '@perkrank/core';
import { BRAND_ROLES, type BrandRole } from './brand-policy';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class CreateBrandDto {
  @ApiProperty({ example: 'Hotel Adlon Berlin', minLength: 2, maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  name: string;

  @ApiPropertyOptional({ example: 'https://www.example-hotel.com' })
  @Optional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  website?: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2 country code' })
  @Transform(upper)
  @IsISO31661Alpha2()
  country: string;
}

export class AddMemberDto {
  @ApiProperty({ example: 'frontdesk@example-hotel.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ['manager', 'staff'] })
  @IsIn(['manager', 'staff'])
  role: Exclude<BrandRole, 'owner'>;
}

export class TransferOwnershipDto {
  @ApiProperty({ format: 'uuid', description: 'An existing member of the brand, who becomes its owner' })
  @IsUUID()
  userId: string;
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ example: 'Opera PMS', maxLength: 100 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class BrandResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty() country: string;
  @ApiProperty({ enum: BRAND_ROLES }) role: BrandRole;
  @ApiProperty() createdAt: Date;
}

export class InvitationBrandView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: InvitationBrandView }) brand: InvitationBrandView;
  @ApiProperty({ description: 'The invited address, as the brand typed it (normalised)' }) email: string;
  @ApiProperty({ enum: ['manager', 'staff'] }) role: 'manager' | 'staff';
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'revoked'] }) status:
    'pending' | 'accepted' | 'declined' | 'revoked';
  @ApiProperty() createdAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) respondedAt: Date | null;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: BRAND_ROLES }) role: BrandRole;
  @ApiProperty() createdAt: Date;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The public part of the key, to tell keys apart' }) prefix: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself. Shown only in this response; store it now.' }) key: string;
}

export class ApiKeyIdentityResponse {
  @ApiProperty({ format: 'uuid' }) keyId: string;
  @ApiProperty({ format: 'uuid' }) brandId: string;
  @ApiProperty() name: string;
}
