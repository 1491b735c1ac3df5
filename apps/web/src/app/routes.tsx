/**
 * Every page is its own chunk, loaded on first visit: a cold load of the landing page or the login
 * ships only the shell, and each role's pages arrive when that role navigates to them.
 */
import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { ErrorAlert } from '../components/QueryView';
import { RequireRole } from './auth';
import { Layout } from './Layout';

type Module = Record<string, unknown>;

/** A lazily loaded page: `page(() => import('./x'), 'XPage')`. */
function page(load: () => Promise<Module>, name: string): Pick<RouteObject, 'lazy'> {
  return {
    lazy: async () => ({ Component: (await load())[name] as ComponentType }),
  };
}

function RouteError() {
  return <ErrorAlert error={undefined} onRetry={() => window.location.reload()} />;
}

const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, ...page(() => import('../pages/public/LandingPage'), 'LandingPage') },
      { path: 'login', ...page(() => import('../pages/public/LoginPage'), 'LoginPage') },
      { path: 'signup', ...page(() => import('../pages/public/SignupPage'), 'SignupPage') },
      {
        path: 'forgot-password',
        ...page(() => import('../pages/public/PasswordPages'), 'ForgotPasswordPage'),
      },
      { path: 'reset-password', ...page(() => import('../pages/public/PasswordPages'), 'ResetPasswordPage') },
      { path: 'verify-email', ...page(() => import('../pages/public/VerifyEmailPage'), 'VerifyEmailPage') },
      {
        element: <RequireRole />,
        children: [
          {
            path: 'invitations',
            ...page(() => import('../pages/account/InvitationsPage'), 'InvitationsPage'),
          },
          {
            path: 'notifications',
            ...page(() => import('../pages/account/NotificationsPage'), 'NotificationsPage'),
          },
        ],
      },
      { path: 'u/:userId', ...page(() => import('../pages/public/ProfilePage'), 'ProfilePage') },
      {
        element: <RequireRole role="influencer" />,
        children: [
          { path: 'score', ...page(() => import('../pages/influencer/ScorePage'), 'ScorePage') },
          { path: 'accounts', ...page(() => import('../pages/influencer/AccountsPage'), 'AccountsPage') },
          { path: 'perks', ...page(() => import('../pages/influencer/PerksPage'), 'PerksPage') },
          { path: 'perks/:id', ...page(() => import('../pages/influencer/PerkPage'), 'PerkPage') },
          { path: 'claims', ...page(() => import('../pages/influencer/ClaimsPage'), 'ClaimsPage') },
          { path: 'claims/:id', ...page(() => import('../pages/influencer/ClaimPage'), 'ClaimPage') },
          { path: 'privacy', ...page(() => import('../pages/influencer/PrivacyPage'), 'PrivacyPage') },
        ],
      },
      {
        element: <RequireRole role="brand" />,
        children: [
          { path: 'brand/new', ...page(() => import('../pages/brand/NewBrandPage'), 'NewBrandPage') },
          {
            path: 'brand/front-desk',
            ...page(() => import('../pages/brand/FrontDeskPage'), 'FrontDeskPage'),
          },
        ],
      },
      {
        element: <RequireRole role="brandManager" />,
        children: [
          { path: 'brand/campaigns', ...page(() => import('../pages/brand/CampaignsPage'), 'CampaignsPage') },
          {
            path: 'brand/campaigns/new',
            ...page(() => import('../pages/brand/CampaignEditorPage'), 'CampaignEditorPage'),
          },
          {
            path: 'brand/campaigns/:id',
            ...page(() => import('../pages/brand/CampaignPage'), 'CampaignPage'),
          },
          {
            path: 'brand/campaigns/:id/edit',
            ...page(() => import('../pages/brand/CampaignEditorPage'), 'CampaignEditorPage'),
          },
          {
            path: 'brand/checkout/return',
            ...page(() => import('../pages/brand/CheckoutReturnPage'), 'CheckoutReturnPage'),
          },
          { path: 'brand/team', ...page(() => import('../pages/brand/TeamPage'), 'TeamPage') },
          { path: 'brand/webhooks', ...page(() => import('../pages/brand/WebhooksPage'), 'WebhooksPage') },
          { path: 'brand/api-keys', ...page(() => import('../pages/brand/ApiKeysPage'), 'ApiKeysPage') },
          {
            path: 'brand/payments',
            ...page(() => import('../pages/brand/PaymentsPage'), 'BrandPaymentsPage'),
          },
        ],
      },
      {
        element: <RequireRole role="admin" />,
        children: [
          {
            path: 'admin/moderation',
            ...page(() => import('../pages/admin/ModerationPage'), 'ModerationPage'),
          },
          { path: 'admin/moderation/:id', ...page(() => import('../pages/admin/ReviewPage'), 'ReviewPage') },
          { path: 'admin/reports', ...page(() => import('../pages/admin/ReportsPage'), 'ReportsPage') },
          { path: 'admin/users', ...page(() => import('../pages/admin/UsersPage'), 'UsersPage') },
          { path: 'admin/scoring', ...page(() => import('../pages/admin/ScoringPage'), 'ScoringPage') },
          {
            path: 'admin/payments',
            ...page(() => import('../pages/admin/PaymentsPage'), 'AdminPaymentsPage'),
          },
          { path: 'admin/outbox', ...page(() => import('../pages/admin/OutboxPage'), 'OutboxPage') },
          { path: 'admin/audit-log', ...page(() => import('../pages/admin/AuditLogPage'), 'AuditLogPage') },
        ],
      },
      { path: '*', ...page(() => import('../pages/public/NotFoundPage'), 'NotFoundPage') },
    ],
  },
];

export const router = createBrowserRouter(routes);
