import { Button, Checkbox, Group, NativeSelect, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { PerkCard } from '../../components/perks';
import { NETWORKS } from '../../components/networks';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { bindText } from '../../components/fields';

interface Filters {
  topic: string;
  city: string;
  network: string;
  includeLocked: boolean;
}

export function PerksPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({ topic: '', city: '', network: '', includeLocked: true });
  const [filters, setFilters] = useState<Filters>(draft);
  const topics = useQuery({
    queryKey: ['topics'],
    queryFn: () => call(api.GET('/v1/topics')),
    staleTime: Infinity,
  });
  const perks = useCursorList(['perks', filters.topic, filters.city, filters.includeLocked], (cursor) =>
    call(
      api.GET('/v1/perks', {
        params: {
          query: {
            cursor,
            limit: 24,
            topic: (filters.topic || undefined) as never,
            city: filters.city || undefined,
            includeLocked: filters.includeLocked,
          },
        },
      }),
    ),
  );
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setDraft((f) => ({ ...f, [key]: value }));
  return (
    <>
      <PageHeader title={t('perks.title')} subtitle={t('perks.subtitle')} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
        aria-label={t('perks.filters')}
      >
        <Group align="flex-end" mb="md" wrap="wrap">
          <NativeSelect
            label={t('perks.topic')}
            value={draft.topic}
            data={[
              { value: '', label: t('perks.anyTopic') },
              ...(topics.data?.data ?? []).map((topic) => ({
                value: topic,
                label: t(`topic.${topic}` as MessageKey),
              })),
            ]}
            onChange={(e) => set('topic', e.currentTarget.value)}
          />
          <TextInput label={t('perks.city')} {...bindText(draft.city, (v: string) => set('city', v))} />
          <NativeSelect
            label={t('perks.network')}
            value={draft.network}
            data={[
              { value: '', label: t('perks.anyNetwork') },
              ...NETWORKS.map((n) => ({ value: n, label: t(`network.${n}`) })),
            ]}
            onChange={(e) => set('network', e.currentTarget.value)}
          />
          <Checkbox
            label={t('perks.includeLocked')}
            checked={draft.includeLocked}
            onChange={(e) => set('includeLocked', e.currentTarget.checked)}
            mb={8}
          />
          <Button type="submit">{t('perks.apply')}</Button>
        </Group>
      </form>
      <CursorList list={perks} empty={t('perks.empty')}>
        {(items) => {
          // The API filters by topic and city; the network filter keeps perks open to that network.
          const shown = filters.network
            ? items.filter((p) => p.networks.length === 0 || p.networks.includes(filters.network))
            : items;
          return (
            <div className="grid" aria-live="polite">
              {shown.map((perk) => (
                <PerkCard key={perk.id} perk={perk} />
              ))}
            </div>
          );
        }}
      </CursorList>
    </>
  );
}
