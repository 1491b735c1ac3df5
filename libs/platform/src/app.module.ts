import { DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from '@perkrank/campaigns';
import { ClaimsModule } from '@perkrank/claims';
import { AppConfig, CoreModule, CoreOptions } from '@perkrank/core';
import { DemoModule } from '@perkrank/demo';
import { IdentityModule } from '@perkrank/identity';
import { NotificationsModule } from '@perkrank/notifications';
import { PaymentsModule } from '@perkrank/payments';
import { PrivacyModule } from '@perkrank/privacy';
import { ScoresModule } from '@perkrank/scores';
import { SocialModule } from '@perkrank/social';

export interface AppOptions extends CoreOptions {
  /**
   * Include the demo world (its seeder and the synthetic-world writer). Default: `demoEnabled`,
   * so a production process, or one started with PERKRANK_DEMO=false, has no demo code in its
   * module graph. The CLI's demo commands ask for it explicitly.
   */
  demo?: boolean;
}

/** Whether a process with this configuration has the demo world in its module graph by default. */
export function demoEnabled(config: AppConfig): boolean {
  return config.PERKRANK_DEMO && !config.isProduction;
}

/**
 * The composition root: every bounded context, wired once. The API serves it over HTTP; the
 * worker and the CLI boot the same module graph (so job processors and repositories are the
 * same code) without listening.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const { demo = demoEnabled(options.config), ...core } = options;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(core),
        IdentityModule,
        SocialModule,
        ScoresModule,
        CampaignsModule,
        ClaimsModule,
        PrivacyModule,
        PaymentsModule,
        NotificationsModule,
        ...(demo ? [DemoModule] : []),
      ],
    };
  }
}
