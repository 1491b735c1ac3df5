import { NotificationSettings } from '../../components/NotificationSettings';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

/** Email settings for people without the influencer's Privacy page (brand teams, admins). */
export function NotificationsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('nav.notifications')} />
      <NotificationSettings />
    </>
  );
}
