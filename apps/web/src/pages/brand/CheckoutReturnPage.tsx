import { Alert, Button, Stack } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';
import { CampaignsPage } from './CampaignsPage';

/**
 * Where Stripe Checkout sends the brand back (point CHECKOUT_SUCCESS_URL and CHECKOUT_CANCEL_URL
 * here, with `?status=success` / `?status=cancelled`). The funding state arrives by webhook, so the
 * page shows the campaigns with their funding chips, fresh from the API.
 */
export function CheckoutReturnPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const cancelled = params.get('status') === 'cancelled';
  return (
    <Stack>
      <PageHeader title={t('checkout.title')} />
      <Alert color={cancelled ? 'orange' : 'green'} role="status">
        {cancelled ? t('checkout.cancelled') : t('checkout.success')}
      </Alert>
      <CampaignsPage />
      <Button component={Link} to="/brand/payments" variant="default">
        {t('nav.payments')}
      </Button>
    </Stack>
  );
}
