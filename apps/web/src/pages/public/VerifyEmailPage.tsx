/** The link of the verification mail: verifies the address on arrival and says how it went. */
import { Alert, Button, Card, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loading } from '../../components/QueryView';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';

export function VerifyEmailPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const signedIn = useSession().status === 'signed-in';
  // A token is single-use: verify once per page view, never retried or refetched.
  const verify = useQuery({
    queryKey: ['verify-email', token],
    queryFn: () => call(api.POST('/v1/auth/verify-email', { body: { token } })),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const resend = useAction(() => call(api.POST('/v1/auth/verify-email/resend')), {
    success: 'verify.resent',
  });
  return (
    <Card withBorder maw={480} mx="auto" mt="lg" padding="lg">
      <PageHeader title={t('verify.title')} />
      <Stack>
        {!token ? (
          <Alert color="red" role="alert">
            {t('verify.noToken')}
          </Alert>
        ) : verify.isError ? (
          <ErrorAlert error={verify.error} />
        ) : verify.isSuccess ? (
          <Alert color="green" role="status">
            {t('verify.done')}
          </Alert>
        ) : (
          <Loading />
        )}
        {verify.isSuccess && (
          <Button component={Link} to={signedIn ? '/' : '/login'}>
            {t('verify.continue')}
          </Button>
        )}
        {signedIn && (!token || verify.isError) && (
          <Button variant="default" loading={resend.isPending} onClick={() => resend.mutate(undefined)}>
            {t('verify.resend')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
