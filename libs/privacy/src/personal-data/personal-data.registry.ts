import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PERSONAL_DATA, PersonalDataContributor, PersonalDataOptions } from '@perkrank/core';

export interface RegisteredContributor {
  options: Required<PersonalDataOptions>;
  contributor: PersonalDataContributor;
}

function isContributor(instance: unknown): instance is PersonalDataContributor {
  const candidate = instance as Partial<PersonalDataContributor> | null;
  return typeof candidate?.export === 'function' && typeof candidate.erase === 'function';
}

/**
 * Every @PersonalData() provider in the application, found once at start-up (as the job worker
 * finds @Processor()s), in erasure order. A marked provider without export/erase, or two with
 * the same name, stop the start: a context silently left out of erasure is the failure to avoid.
 */
@Injectable()
export class PersonalDataRegistry implements OnModuleInit {
  private found: RegisteredContributor[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found: RegisteredContributor[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype as unknown;
      if (typeof metatype !== 'function' || !wrapper.instance) continue;
      const options = Reflect.getMetadata(PERSONAL_DATA, metatype) as PersonalDataOptions | undefined;
      if (!options) continue;
      if (!isContributor(wrapper.instance))
        throw new Error(`@PersonalData provider "${options.name}" must implement export() and erase()`);
      const twin = found.find((c) => c.options.name === options.name);
      if (twin?.contributor === wrapper.instance) continue;
      if (twin) throw new Error(`Two @PersonalData providers are named "${options.name}"`);
      found.push({ options: { eraseOrder: 0, ...options }, contributor: wrapper.instance });
    }
    this.found = found.sort(
      (a, b) => a.options.eraseOrder - b.options.eraseOrder || a.options.name.localeCompare(b.options.name),
    );
  }

  contributors(): readonly RegisteredContributor[] {
    return this.found;
  }
}
