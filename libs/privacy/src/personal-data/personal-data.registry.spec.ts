import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { PersonalData, PersonalDataContributor } from '@perkrank/core';
import { PersonalDataRegistry } from './personal-data.registry';

const noop = (): Promise<void> => Promise.resolve();

@Injectable()
@PersonalData({ name: 'identity', eraseOrder: 1000 })
class Identity implements PersonalDataContributor {
  export = () => Promise.resolve({});
  erase = noop;
}

@Injectable()
@PersonalData({ name: 'social' })
class Social implements PersonalDataContributor {
  export = () => Promise.resolve({});
  erase = noop;
}

@Injectable()
@PersonalData({ name: 'claims', eraseOrder: 10 })
class Claims implements PersonalDataContributor {
  export = () => Promise.resolve({});
  erase = noop;
}

@Injectable()
@PersonalData({ name: 'broken' })
class ExportOnly {
  export = () => Promise.resolve({});
}

@Injectable()
@PersonalData({ name: 'social' })
class SecondSocial implements PersonalDataContributor {
  export = () => Promise.resolve({});
  erase = noop;
}

@Injectable()
class Unmarked {
  export = () => Promise.resolve({});
  erase = noop;
}

/** A context module that exports its contributor and is imported twice: still one contributor. */
@Module({ providers: [Social], exports: [Social] })
class SocialModule {}
@Module({ imports: [SocialModule] })
class ImportsSocial {}

async function registryWith(
  ...providers: Array<new (...args: never[]) => unknown>
): Promise<PersonalDataRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule, SocialModule, ImportsSocial],
    providers: [PersonalDataRegistry, ...providers],
  }).compile();
  await ref.init();
  return ref.get(PersonalDataRegistry);
}

describe('PersonalDataRegistry', () => {
  it('finds every @PersonalData provider once, in erasure order (identity last)', async () => {
    const registry = await registryWith(Identity, Claims, Unmarked);
    expect(registry.contributors().map((c) => [c.options.name, c.options.eraseOrder])).toEqual([
      ['social', 0],
      ['claims', 10],
      ['identity', 1000],
    ]);
  });

  it('refuses to start with a contributor that cannot erase', async () => {
    await expect(registryWith(ExportOnly)).rejects.toThrow(
      /"broken" must implement export\(\) and erase\(\)/,
    );
  });

  it('refuses to start with two contributors of one name', async () => {
    await expect(registryWith(SecondSocial)).rejects.toThrow(
      /Two @PersonalData providers are named "social"/,
    );
  });
});
