import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, call, idempotencyKey, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { bodyOf, emptyForm, formFieldOf, formOf, type CampaignForm, type FormField } from './campaign-form';

type Campaign = Schemas['CampaignResponse'];
const PERK_TYPES = ['upgrade', 'product', 'experience', 'discount', 'access'] as const;

/** Field errors of a failed save or submit, placed on the inputs; the rest go in `general`. */
function errorsOf(error: unknown): { fields: Partial<Record<FormField, string>>; general?: string } {
  if (!(error instanceof ApiError)) return { fields: {} };
  const fields: Partial<Record<FormField, string>> = {};
  const entries = [
    ...Object.entries(error.fieldErrors()),
    ...error.problems().map((p) => [p.field, p.message] as const),
  ];
  for (const [path, message] of entries) {
    const field = formFieldOf(path);
    if (field && !fields[field]) fields[field] = message;
  }
  return { fields, general: error.message };
}

function Editor({ campaign }: { campaign?: Campaign }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { brand } = useBrand();
  const [form, setForm] = useState<CampaignForm>(() => (campaign ? formOf(campaign) : emptyForm()));
  const [saved, setSaved] = useState<Campaign | undefined>(campaign);

  const save = async (): Promise<Campaign> => {
    const body = bodyOf(form);
    const result = saved
      ? await call(api.PATCH('/v1/campaigns/{id}', { params: { path: { id: saved.id } }, body }))
      : await call(
          api.POST('/v1/brands/{brandId}/campaigns', {
            params: { path: { brandId: brand.id } },
            // A key per attempt: a retried request replays, a corrected one is a new request.
            headers: { 'Idempotency-Key': idempotencyKey() },
            body,
          }),
        );
    setSaved(result);
    await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    return result;
  };
  const saveDraft = useAction(save, {
    silent: true,
    success: 'editor.saved',
    onSuccess: (c) => void navigate(`/brand/campaigns/${c.id}/edit`, { replace: true }),
  });
  const submit = useAction(
    async () => {
      const c = await save();
      return call(api.POST('/v1/campaigns/{id}/submit', { params: { path: { id: c.id } } }));
    },
    {
      silent: true,
      success: 'editor.submitted',
      onSuccess: (c) => void navigate(`/brand/campaigns/${c.id}`),
    },
  );
  const failure = errorsOf(submit.error ?? saveDraft.error);
  const busy = saveDraft.isPending || submit.isPending;

  const set = (field: keyof CampaignForm) => (value: string | boolean) =>
    setForm((f) => ({ ...f, [field]: value }));
  const input = (
    field: FormField,
    label: MessageKey,
    extra: { type?: string; description?: string; required?: boolean } = {},
  ) => (
    <TextInput
      label={t(label)}
      name={field}
      type={extra.type ?? 'text'}
      description={extra.description}
      // Required fields are checked by the API on submit; the label stays exactly the field's name.
      withAsterisk={false}
      required={extra.required}
      value={form[field]}
      onChange={(e) => set(field)(e.currentTarget.value)}
      error={failure.fields[field]}
    />
  );
  const section = (title: MessageKey, children: ReactNode) => (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t(title)}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        saveDraft.mutate(undefined);
      }}
    >
      <Stack>
        {failure.general && (
          <Alert color="red" role="alert" title={t('editor.fixErrors')}>
            {failure.general}
          </Alert>
        )}
        {section(
          'editor.basics',
          <>
            {input('title', 'field.title', { required: true })}
            <Textarea
              label={t('field.description')}
              name="description"
              autosize
              minRows={3}
              value={form.description}
              onChange={(e) => set('description')(e.currentTarget.value)}
              error={failure.fields.description}
            />
          </>,
        )}
        {section(
          'editor.perk',
          <>
            <NativeSelect
              label={t('field.perkType')}
              value={form['perk.type']}
              data={PERK_TYPES.map((p) => ({ value: p, label: t(`perkType.${p}`) }))}
              onChange={(e) => set('perk.type')(e.currentTarget.value)}
              error={failure.fields['perk.type']}
            />
            <Textarea
              label={t('field.terms')}
              autosize
              minRows={2}
              value={form['perk.terms']}
              onChange={(e) => set('perk.terms')(e.currentTarget.value)}
              error={failure.fields['perk.terms']}
            />
            <Group grow>
              {input('perk.valueMinor', 'field.value', { type: 'number' })}
              {input('perk.currency', 'field.currency')}
            </Group>
          </>,
        )}
        {section(
          'editor.eligibility',
          <>
            {input('eligibility.minScore', 'field.minScore', { type: 'number', required: true })}
            {input('eligibility.topics', 'field.topics', { description: t('editor.listHelp') })}
            {input('eligibility.networks', 'field.networks', { description: t('editor.listHelp') })}
            {input('eligibility.countries', 'field.countries', { description: t('editor.countriesHelp') })}
            {input('eligibility.cities', 'field.cities', { description: t('editor.listHelp') })}
          </>,
        )}
        {section(
          'editor.inventory',
          <>
            <Group grow>
              {input('inventory.total', 'field.total', { type: 'number', required: true })}
              {input('inventory.perUser', 'field.perUser', { type: 'number', required: true })}
            </Group>
            <NativeSelect
              label={t('field.codesMode')}
              value={form['codes.mode']}
              data={[
                { value: 'generated', label: t('editor.codesGenerated') },
                { value: 'pool', label: t('editor.codesPool') },
              ]}
              onChange={(e) => set('codes.mode')(e.currentTarget.value)}
              error={failure.fields['codes.mode']}
            />
            {input('claimTtlHours', 'field.claimTtlHours', { type: 'number' })}
          </>,
        )}
        {section(
          'editor.schedule',
          <Group grow>
            {input('schedule.startsAt', 'field.startsAt', { type: 'datetime-local', required: true })}
            {input('schedule.endsAt', 'field.endsAt', { type: 'datetime-local', required: true })}
          </Group>,
        )}
        {section(
          'editor.location',
          <>
            {input('location.venueName', 'field.venueName')}
            {input('location.address', 'field.address')}
            <Group grow>
              {input('location.city', 'field.city')}
              {input('location.country', 'field.country', { description: t('editor.countryHelp') })}
            </Group>
            <Checkbox
              label={t('field.disclosureRequired')}
              checked={form.disclosureRequired}
              onChange={(e) => set('disclosureRequired')(e.currentTarget.checked)}
            />
          </>,
        )}
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={saveDraft.isPending} disabled={busy}>
            {t('editor.saveDraft')}
          </Button>
          <Button loading={submit.isPending} disabled={busy} onClick={() => submit.mutate(undefined)}>
            {t('editor.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CampaignEditorPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const campaign = useQuery({
    queryKey: ['campaigns', id],
    queryFn: () => call(api.GET('/v1/campaigns/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
  });
  return (
    <>
      <PageHeader title={id ? t('editor.editTitle') : t('editor.newTitle')} />
      {id ? <QueryView query={campaign}>{(data) => <Editor campaign={data} />}</QueryView> : <Editor />}
    </>
  );
}
