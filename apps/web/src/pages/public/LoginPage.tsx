import { Alert, Anchor, Button, Card, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useSession } from '../../app/auth';
import { useSignIn } from '../../app/useSignIn';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsOf } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';
import { bindText, EmailInput } from '../../components/fields';

export function LoginPage() {
  const { t } = useI18n();
  const state = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useSignIn((body: { email: string; password: string }) =>
    call(api.POST('/v1/auth/login', { body })),
  );
  const fields = fieldErrorsOf(login.error);
  const formError =
    login.error instanceof ApiError && Object.keys(fields).length === 0 ? login.error.message : undefined;
  return (
    <Card withBorder maw={420} mx="auto" mt="lg" padding="lg">
      <PageHeader title={t('login.title')} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          login.mutate({ email, password });
        }}
      >
        <Stack>
          {state.status === 'signed-out' && state.reason && !login.error && (
            <Alert color="orange" role="status">
              {t('login.sessionEnded', { reason: state.reason })}
            </Alert>
          )}
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <EmailInput {...bindText(email, setEmail, fields.email)} />
          <PasswordInput
            label={t('field.password')}
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...bindText(password, setPassword, fields.password)}
          />
          <Button type="submit" loading={login.isPending}>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('login.forgot')}
          </Anchor>
          <Text size="sm">
            {t('login.noAccount')}{' '}
            <Anchor component={Link} to="/signup">
              {t('nav.signup')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Card>
  );
}
