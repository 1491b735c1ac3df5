import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MemberScore } from './store/member-score.entity';
import { ScoreSnapshot } from './store/score-snapshot.entity';

/** Scoring runs, the published scores and their history, and the member-facing score API. */
@Module({
  imports: [TypeOrmModule.forFeature([MemberScore, ScoreSnapshot])],
  exports: [TypeOrmModule],
})
export class ScoresModule {}
