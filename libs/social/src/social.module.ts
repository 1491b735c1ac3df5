import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SocialAccount } from './accounts/social-account.entity';

/** Social accounts, ownership verification, connectors and interaction ingestion. */
@Module({
  imports: [TypeOrmModule.forFeature([SocialAccount])],
  exports: [TypeOrmModule],
})
export class SocialModule {}
