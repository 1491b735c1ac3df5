import { Alert, Anchor, Button, Group, NativeSelect } from '@mantine/core';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useBrand } from '../hooks/useBrand';
import { LANGUAGES, useI18n, type Language, type MessageKey } from '../i18n/i18n';
import { capabilitiesOf, useLogout, useMe, useMyInvitations, useSession, type Capabilities } from './auth';

interface NavItem {
  to: string;
  label: MessageKey;
  who: keyof Capabilities;
}

/** The navigation per role; the labels are the accessible names other programs drive the app by. */
const NAV: NavItem[] = [
  { to: '/score', label: 'nav.score', who: 'influencer' },
  { to: '/perks', label: 'nav.perks', who: 'influencer' },
  { to: '/claims', label: 'nav.myClaims', who: 'influencer' },
  { to: '/accounts', label: 'nav.accounts', who: 'influencer' },
  { to: '/privacy', label: 'nav.privacy', who: 'influencer' },
  { to: '/brand/campaigns', label: 'nav.campaigns', who: 'brandManager' },
  { to: '/brand/front-desk', label: 'nav.frontDesk', who: 'brand' },
  { to: '/brand/team', label: 'nav.team', who: 'brandManager' },
  { to: '/brand/api-keys', label: 'nav.apiKeys', who: 'brandManager' },
  { to: '/brand/payments', label: 'nav.payments', who: 'brandManager' },
  { to: '/brand/webhooks', label: 'nav.webhooks', who: 'brandManager' },
  { to: '/admin/moderation', label: 'nav.moderation', who: 'admin' },
  { to: '/admin/reports', label: 'nav.reports', who: 'admin' },
  { to: '/admin/users', label: 'nav.users', who: 'admin' },
  { to: '/admin/scoring', label: 'nav.scoring', who: 'admin' },
  { to: '/admin/payments', label: 'nav.payments', who: 'admin' },
  { to: '/admin/audit-log', label: 'nav.auditLog', who: 'admin' },
  { to: '/admin/outbox', label: 'nav.outbox', who: 'admin' },
  { to: '/notifications', label: 'nav.notifications', who: 'brand' },
  { to: '/notifications', label: 'nav.notifications', who: 'admin' },
];

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      size="xs"
      value={language}
      data={LANGUAGES}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
    />
  );
}

function BrandSwitch() {
  const { t } = useI18n();
  const { brand, brands, select } = useBrand();
  if (brands.length < 2 || !brand) return null;
  return (
    <NativeSelect
      aria-label={t('brand.switcher')}
      size="xs"
      value={brand.id}
      data={brands.map((b) => ({ value: b.id, label: b.name }))}
      onChange={(e) => select(e.currentTarget.value)}
    />
  );
}

export function Layout() {
  const { t } = useI18n();
  const signedIn = useSession().status === 'signed-in';
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const invitations = useMyInvitations();
  const pending = signedIn ? (invitations.data?.length ?? 0) : 0;
  const can = capabilitiesOf(me.data);
  // A brand with both an admin and a brand nav shows "Payments" twice: the admin one says so.
  const items = NAV.filter(
    (item, i) => can[item.who] && !NAV.slice(0, i).some((o) => o.to === item.to && can[o.who]),
  );
  const payments = items.filter((i) => i.label === 'nav.payments').length;
  return (
    <>
      <header className="shell-header">
        <div className="shell-bar">
          <Link to="/" className="shell-brand">
            PerkRank
          </Link>
          <BrandSwitch />
          <LanguageSwitch />
          {signedIn ? (
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                void logout().then(() => navigate('/login'));
              }}
            >
              {t('nav.logout')}
            </Button>
          ) : (
            <Group gap="xs">
              <Button size="xs" variant="default" component={Link} to="/login">
                {t('nav.login')}
              </Button>
              <Button size="xs" component={Link} to="/signup">
                {t('nav.signup')}
              </Button>
            </Group>
          )}
        </div>
        {signedIn && items.length > 0 && (
          <nav className="shell-nav" aria-label={t('nav.main')}>
            {items.map((item) => (
              <NavLink key={item.to} to={item.to}>
                {payments > 1 && item.to === '/admin/payments' ? t('nav.allPayments') : t(item.label)}
              </NavLink>
            ))}
            {pending > 0 && <NavLink to="/invitations">{t('nav.invitations')}</NavLink>}
          </nav>
        )}
        {signedIn && pending > 0 && items.length === 0 && (
          <nav className="shell-nav" aria-label={t('nav.main')}>
            <NavLink to="/invitations">{t('nav.invitations')}</NavLink>
          </nav>
        )}
      </header>
      <main className="shell-main">
        {pending > 0 && location.pathname !== '/invitations' && (
          <Alert color="blue" role="status" mb="md">
            {t('invites.banner', { count: pending })}{' '}
            <Anchor component={Link} to="/invitations">
              {t('invites.show')}
            </Anchor>
          </Alert>
        )}
        <Outlet />
      </main>
    </>
  );
}
