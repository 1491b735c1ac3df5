import { PublishedScoreView } from './read-models/published-scores.view';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@perkrank/identity';
import { PrivacyModule } from '@perkrank/privacy';
import { SocialModule } from '@perkrank/social';
import { MemberScoreRepository } from './member/member-score.repository';
import { ScoreController } from './member/score.controller';
import { ScoreService } from './member/score.service';
import { ScoringModelController } from './model/scoring-model.controller';
import { ScoringModelService } from './model/scoring-model.service';
import { ScoresPersonalData } from './privacy/scores-personal-data';
import { ScoringRunController } from './runs/scoring-run.controller';
import { ScoringRun } from './runs/scoring-run.entity';
import { ScoringRunProcessor, ScoringRunRecoveryProcessor } from './runs/scoring-run.processor';
import { ScoringRunRepository } from './runs/scoring-run.repository';
import { ScoringRunService } from './runs/scoring-run.service';
import { ProfileController } from './profiles/profile.controller';
import { ProfileRepository } from './profiles/profile.repository';
import { ProfileService } from './profiles/profile.service';
import { MemberScore } from './store/member-score.entity';
import { ScoreSnapshot } from './store/score-snapshot.entity';

/** Scoring runs, the published scores and their history, and the member-facing score API. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MemberScore, ScoreSnapshot, ScoringRun, PublishedScoreView]),
    PrivacyModule,
    IdentityModule,
    SocialModule,
  ],
  controllers: [ScoreController, ScoringModelController, ProfileController, ScoringRunController],
  providers: [
    MemberScoreRepository,
    ScoreService,
    ScoringModelService,
    ProfileRepository,
    ProfileService,
    ScoresPersonalData,
    ScoringRunRepository,
    ScoringRunService,
    ScoringRunProcessor,
    ScoringRunRecoveryProcessor,
  ],
  exports: [TypeOrmModule, ScoringRunService],
})
export class ScoresModule {}
