/** Who is signed in, what they may see, and the guards that keep each role's pages to that role. */
import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { session } from '../api/session';
import { QueryView } from '../components/QueryView';
import { useI18n } from '../i18n/i18n';

export type Me = Schemas['MeResponse'];

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get);
}

export function useMe() {
  const signedIn = useSession().status === 'signed-in';
  return useQuery({
    queryKey: ['me'],
    queryFn: () => call(api.GET('/v1/me')),
    enabled: signedIn,
    staleTime: 60_000,
  });
}

/** The pending brand-team invitations of the signed-in person (shown in the nav when any). */
export function useMyInvitations() {
  const signedIn = useSession().status === 'signed-in';
  return useQuery({
    queryKey: ['my-invitations'],
    queryFn: async () =>
      (await call(api.GET('/v1/me/invitations'))).data.filter((inv) => inv.status === 'pending'),
    enabled: signedIn,
    staleTime: 60_000,
  });
}

export interface Capabilities {
  influencer: boolean;
  brand: boolean;
  /** Owner or manager of at least one brand (staff only redeem). */
  brandManager: boolean;
  admin: boolean;
}

export function capabilitiesOf(me: Me | undefined): Capabilities {
  const roles = me?.roles ?? [];
  const brands = me?.brands ?? [];
  return {
    influencer: roles.includes('influencer'),
    brand: brands.length > 0 || roles.includes('brand'),
    brandManager: brands.some((b) => b.role !== 'staff') || (roles.includes('brand') && brands.length === 0),
    admin: roles.includes('admin'),
  };
}

/** Where a person lands after logging in. */
export function homePath(me: Me): string {
  const can = capabilitiesOf(me);
  if (can.admin) return '/admin/moderation';
  if (can.brandManager) return me.brands.length ? '/brand/campaigns' : '/brand/new';
  if (can.brand) return '/brand/front-desk';
  return '/score';
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const token = await session.accessToken().catch(() => undefined);
    if (token) await call(api.POST('/v1/auth/logout')).catch(() => undefined);
    session.end();
    queryClient.clear();
  }, [queryClient]);
}

/** Renders its routes for a signed-in person holding `role`, else sends them to log in or home. */
export function RequireRole({ role }: { role?: keyof Capabilities }) {
  const state = useSession();
  const me = useMe();
  const location = useLocation();
  const { t } = useI18n();
  if (state.status === 'signed-out') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.isPending && !me.isError) {
    return (
      <Center h="50vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  return (
    <QueryView query={me}>
      {(data) =>
        role && !capabilitiesOf(data)[role] ? <Navigate to={homePath(data)} replace /> : <Outlet />
      }
    </QueryView>
  );
}
