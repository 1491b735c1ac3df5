/** Forgotten passwords: ask for a reset link by email, then set a new password from that link. */
import { Alert, Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';
import { bindText, EmailInput, NewPasswordInput } from '../../components/fields';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const request = useAction(
    (body: { email: string }) => call(api.POST('/v1/auth/password-reset', { body })),
    { quiet: true, onSuccess: () => setSentTo(email) },
  );
  const fields = fieldErrorsOf(request.error);
  return (
    <Card withBorder maw={420} mx="auto" mt="lg" padding="lg">
      <PageHeader title={t('forgot.title')} />
      {/* The answer is the same whether or not an account has this address. */}
      {sentTo ? (
        <Alert color="green" role="status">
          {t('forgot.sent', { email: sentTo })}
        </Alert>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            request.mutate({ email });
          }}
        >
          <Stack>
            <Text size="sm">{t('forgot.text')}</Text>
            <EmailInput {...bindText(email, setEmail, fields.email)} />
            <Button type="submit" loading={request.isPending}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Text size="sm" mt="md">
        <Anchor component={Link} to="/login">
          {t('nav.login')}
        </Anchor>
      </Text>
    </Card>
  );
}

export function ResetPasswordPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const reset = useAction(
    (body: { token: string; password: string }) =>
      call(api.POST('/v1/auth/password-reset/confirm', { body })),
    { silent: true },
  );
  const fields = fieldErrorsOf(reset.error);
  const formError = reset.error instanceof ApiError && !fields.password ? reset.error.message : undefined;
  return (
    <Card withBorder maw={420} mx="auto" mt="lg" padding="lg">
      <PageHeader title={t('reset.title')} />
      {!token ? (
        <Alert color="red" role="alert">
          {t('reset.noToken')}
        </Alert>
      ) : reset.isSuccess ? (
        <Stack>
          <Alert color="green" role="status">
            {t('reset.done')}
          </Alert>
          <Button component={Link} to="/login">
            {t('nav.login')}
          </Button>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            reset.mutate({ token, password });
          }}
        >
          <Stack>
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <NewPasswordInput
              label={t('reset.password')}
              description={t('reset.help')}
              minLength={10}
              {...bindText(password, setPassword, fields.password)}
            />
            <Button type="submit" loading={reset.isPending}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {(!token || formError) && (
        <Text size="sm" mt="md">
          <Anchor component={Link} to="/forgot-password">
            {t('reset.again')}
          </Anchor>
        </Text>
      )}
    </Card>
  );
}
