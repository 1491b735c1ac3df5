import { Alert, Anchor, Button, Card, Checkbox, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useSignIn } from '../../app/useSignIn';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsOf } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';
import { bindText, EmailInput, NewPasswordInput } from '../../components/fields';

type Register = Schemas['RegisterDto'];

export function SignupPage() {
  const { t } = useI18n();
  const [form, setForm] = useState<Register>({
    accountType: 'influencer',
    displayName: '',
    email: '',
    password: '',
    dateOfBirth: '',
    acceptTerms: false,
    scoringConsent: true,
  });
  const set = <K extends keyof Register>(key: K, value: Register[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const signup = useSignIn((body: Register) => call(api.POST('/v1/auth/register', { body })));
  const fields = fieldErrorsOf(signup.error);
  const formError =
    signup.error instanceof ApiError && !fields.email && !fields.dateOfBirth && !fields.password
      ? signup.error.message
      : undefined;
  return (
    <Card withBorder maw={480} mx="auto" mt="lg" padding="lg">
      <PageHeader title={t('signup.title')} subtitle={t('signup.subtitle')} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // Brands are not scored: consent is asked of creators only.
          signup.mutate({
            ...form,
            scoringConsent: form.accountType === 'influencer' && form.scoringConsent,
          });
        }}
      >
        <Stack>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Radio.Group
            label={t('signup.accountType')}
            value={form.accountType}
            onChange={(value) => set('accountType', value)}
            error={fields.accountType}
          >
            <Group mt={4}>
              <Radio value="influencer" label={t('signup.influencer')} />
              <Radio value="brand" label={t('signup.brand')} />
            </Group>
          </Radio.Group>
          <TextInput
            label={t('field.displayName')}
            required
            withAsterisk={false}
            autoComplete="name"
            {...bindText(form.displayName, (v: string) => set('displayName', v), fields.displayName)}
          />
          <EmailInput {...bindText(form.email, (v: string) => set('email', v), fields.email)} />
          <NewPasswordInput
            label={t('field.password')}
            description={t('signup.passwordHelp')}
            {...bindText(form.password, (v: string) => set('password', v), fields.password)}
          />
          <TextInput
            label={t('field.dateOfBirth')}
            description={t('signup.ageHelp')}
            type="date"
            required
            withAsterisk={false}
            {...bindText(form.dateOfBirth, (v: string) => set('dateOfBirth', v), fields.dateOfBirth)}
          />
          {form.accountType === 'influencer' && (
            <Checkbox
              label={t('signup.scoringConsent')}
              description={t('signup.scoringConsentHelp')}
              checked={form.scoringConsent}
              onChange={(e) => set('scoringConsent', e.currentTarget.checked)}
              error={fields.scoringConsent}
            />
          )}
          <Checkbox
            label={t('signup.acceptTerms')}
            checked={form.acceptTerms}
            onChange={(e) => set('acceptTerms', e.currentTarget.checked)}
            error={fields.acceptTerms}
          />
          <Button type="submit" loading={signup.isPending}>
            {t('signup.submit')}
          </Button>
          <Text size="sm">
            {t('signup.haveAccount')}{' '}
            <Anchor component={Link} to="/login">
              {t('nav.login')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Card>
  );
}
