import { Button, Card, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n } from '../../i18n/i18n';

export function NewBrandPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { select } = useBrand();
  const [form, setForm] = useState<Schemas['CreateBrandDto']>({ name: '', website: '', country: '' });
  const create = useAction(
    (body: Schemas['CreateBrandDto']) =>
      call(api.POST('/v1/brands', { body: { ...body, website: body.website || undefined } })),
    {
      quiet: true,
      success: 'brand.created',
      invalidate: [['me']],
      onSuccess: (brand) => {
        select(brand.id);
        void navigate('/brand/campaigns');
      },
    },
  );
  const fields = fieldErrorsOf(create.error);
  const set = (key: keyof Schemas['CreateBrandDto']) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
  return (
    <Card withBorder maw={480} mx="auto">
      <PageHeader title={t('brand.newTitle')} subtitle={t('brand.newSubtitle')} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(form);
        }}
      >
        <Stack>
          <TextInput
            label={t('field.brandName')}
            required
            value={form.name}
            onChange={set('name')}
            error={fields.name}
          />
          <TextInput
            label={t('field.website')}
            type="url"
            value={form.website}
            onChange={set('website')}
            error={fields.website}
          />
          <TextInput
            label={t('field.country')}
            description={t('editor.countryHelp')}
            required
            maxLength={2}
            value={form.country}
            onChange={set('country')}
            error={fields.country}
          />
          <Button type="submit" loading={create.isPending}>
            {t('brand.create')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
