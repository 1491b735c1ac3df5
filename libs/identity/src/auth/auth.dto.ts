import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { TOPICS } from '@perkrank/reference';
import {
  ArrayMaxSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsISO31661Alpha2,
  ValidateIf,
  IsBoolean,
  IsEmail,
  IsIn,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Optional } from '@perkrank/core';
import { BRAND_ROLES } from '../brands/brand-policy';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'mia@example.com' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 200, example: 'correct horse battery staple' })
  @IsString({ message: 'password must be a string' })
  @MinLength(10, { message: 'password must be at least 10 characters long' })
  @MaxLength(200, { message: 'password must be at most 200 characters long' })
  password: string;

  @ApiProperty({ example: 'Mia Travels', minLength: 1, maxLength: 80 })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  displayName: string;

  @ApiProperty({ enum: ['influencer', 'brand'] })
  @IsIn(['influencer', 'brand'])
  accountType: 'influencer' | 'brand';

  @ApiProperty({ example: '1994-05-17', description: 'YYYY-MM-DD; members must be 18 or older' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth: string;

  @ApiProperty({ example: true, description: 'Must be true: acceptance of the terms of service' })
  @Equals(true, { message: 'acceptTerms must be true' })
  acceptTerms: boolean;

  @ApiPropertyOptional({ default: false, description: 'Opt in to being scored (can be changed any time)' })
  @Optional()
  @IsBoolean()
  scoringConsent?: boolean;
}

export class LoginDto {
  @ApiProperty({ example: 'mia@example.com' })
  @IsString()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ example: 'rt_6Jf1c0Qz8mV2pXo4sK9wYb3n' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class PrivacyView {
  @ApiProperty() publicProfile: boolean;
  @ApiProperty() discoverable: boolean;
  @ApiProperty() scoringConsent: boolean;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['influencer', 'brand', 'admin'], isArray: true }) roles: string[];
  @ApiProperty({ enum: ['active', 'suspended'] }) status: string;
  @ApiProperty() createdAt: Date;
}

export class AuthResponse {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
}

export class PrivacyTokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ enum: ['privacy'] }) scope: 'privacy';
}

export class TokenPairResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty() expiresIn: number;
}

const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** What the perk feed matches on. `null` clears country or city. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Mia Travels', minLength: 1, maxLength: 80 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  displayName?: string;

  @ApiPropertyOptional({ enum: TOPICS, isArray: true, maxItems: 10, example: ['travel', 'food'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(TOPICS, { each: true, message: 'each topic must be one of the published topics (GET /v1/topics)' })
  topics?: string[];

  @ApiPropertyOptional({ example: 'DE', nullable: true, type: String, description: 'ISO 3166-1 alpha-2' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @Transform(upper)
  @IsISO31661Alpha2()
  country?: string | null;

  @ApiPropertyOptional({ example: 'Berlin', nullable: true, type: String, maxLength: 100 })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city?: string | null;
}

export class ProfileView {
  @ApiProperty({ isArray: true, type: String }) topics: string[];
  @ApiProperty({ nullable: true, type: String }) country: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
}

export class MyBrandView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BRAND_ROLES }) role: string;
}

export class MeResponse extends UserView {
  @ApiProperty({ description: 'The address was confirmed through the link of the verification mail' })
  emailVerified: boolean;
  @ApiProperty({ type: [MyBrandView] }) brands: MyBrandView[];
  @ApiProperty({ type: PrivacyView }) privacy: PrivacyView;
  @ApiProperty({ type: ProfileView }) profile: ProfileView;
}

export class VerifyEmailDto {
  @ApiProperty({ description: 'The token of the verification link (`?token=…`)' })
  @IsString()
  @MaxLength(200)
  token: string;
}

export class PasswordResetDto {
  @ApiProperty({ example: 'mia@example.com' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token of the reset link (`?token=…`)' })
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString({ message: 'password must be a string' })
  @MinLength(10, { message: 'password must be at least 10 characters long' })
  @MaxLength(200, { message: 'password must be at most 200 characters long' })
  password: string;
}

export class EmailVerifiedResponse {
  @ApiProperty({ enum: [true] }) emailVerified: true;
}

export class PasswordResetResponse {
  @ApiProperty({ enum: [true] }) passwordReset: true;
}

export class AcceptedResponse {
  @ApiProperty({ enum: [true] }) accepted: true;
}
