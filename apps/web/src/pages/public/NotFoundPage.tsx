import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../../components/QueryView';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState>{t('notFound.body')}</EmptyState>
      <Button component={Link} to="/" variant="default">
        {t('notFound.home')}
      </Button>
    </>
  );
}
