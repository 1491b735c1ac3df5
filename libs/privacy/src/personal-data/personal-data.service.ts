import { Injectable, Logger } from '@nestjs/common';
import { AppException, Clock, PersonalIdentifiers } from '@perkrank/core';
import { AuditLog, AuthUser } from '@perkrank/identity';
import type { EntityManager } from 'typeorm';
import { PrivacySettingsRepository } from '../settings/privacy-settings.repository';
import { PersonalDataRegistry } from './personal-data.registry';

export const EXPORT_FORMAT = 'perkrank-export/1';

export interface PersonalDataExport extends Record<string, unknown> {
  format: string;
  exportedAt: string;
}

/**
 * The rights of access and erasure over every context. Each context contributes its own part
 * (@PersonalData providers, see @perkrank/core): this service only collects and coordinates, so
 * a new context with personal data joins by declaring its contributor, not by changing this.
 */
@Injectable()
export class PersonalDataService {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly settings: PrivacySettingsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Every personal datum of the caller, one section per contributor, merged into one document. */
  async export(caller: AuthUser): Promise<PersonalDataExport> {
    const contributors = this.registry.contributors();
    const known = await this.settings.transaction((manager) => this.identifiers(caller.id, manager));
    const sections = await Promise.all(contributors.map((c) => c.contributor.export(caller.id, known)));
    const document: PersonalDataExport = {
      format: EXPORT_FORMAT,
      exportedAt: this.clock.now().toISOString(),
    };
    sections.forEach((section, i) => {
      for (const [key, value] of Object.entries(section)) {
        // A programming error (two contexts claiming one key) must not silently drop data.
        if (key in document)
          throw new Error(`Export section "${key}" of "${contributors[i].options.name}" is already taken`);
        document[key] = value;
      }
    });
    if (!('account' in document)) throw AppException.unauthenticated();
    return document;
  }

  /**
   * Erases the caller in ONE transaction: every contributor may first refuse (409 while it would
   * leave something broken), then each erases its part in erasure order — all or nothing, so no
   * person is ever left half-erased. Deleting the sessions logs out every device. The audit log
   * keeps an entry that an erasure happened, naming no one.
   */
  async erase(caller: AuthUser): Promise<void> {
    const contributors = this.registry.contributors();
    await this.settings.transaction(async (manager) => {
      if (!(await this.settings.lockForErasure(caller.id, manager))) throw AppException.unauthenticated();
      const known = await this.identifiers(caller.id, manager);
      for (const { contributor } of contributors) await contributor.assertErasable?.(caller.id, manager);
      for (const { contributor } of contributors) await contributor.erase(caller.id, manager, known);
      await this.audit.record(
        {
          actorId: null,
          action: 'user.erase',
          subjectType: 'user',
          subjectId: null,
          after: { contexts: contributors.map((c) => c.options.name) },
        },
        manager,
      );
    });
    this.logger.log('account erased at its owner’s request');
  }

  private async identifiers(userId: string, manager: EntityManager): Promise<PersonalIdentifiers> {
    const known: PersonalIdentifiers = { ids: [userId], terms: [], names: [] };
    for (const { contributor } of this.registry.contributors()) {
      const found = (await contributor.identifiers?.(userId, manager)) ?? {};
      known.ids.push(...(found.ids ?? []));
      known.terms.push(...(found.terms ?? []));
      known.names.push(...(found.names ?? []));
    }
    const unique = (values: string[]): string[] => [...new Set(values.filter((v) => v.trim() !== ''))];
    return { ids: unique(known.ids), terms: unique(known.terms), names: unique(known.names) };
  }
}
