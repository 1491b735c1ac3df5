import { MantineProvider, Modal, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/errors';
import { I18nProvider } from '../i18n/i18n';
import { router } from './routes';

const theme = createTheme({
  primaryColor: 'violet',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // Mantine locks page scroll behind a modal with react-remove-scroll, which injects a <style>
    // tag at runtime (blocked by the CSP); the modal's own overlay is enough.
    Modal: Modal.extend({ defaultProps: { lockScroll: false } }),
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (not found, forbidden, validation) do not get better by asking again.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

/**
 * Providers for the whole app. Mantine runs without its runtime <style> tags (CSS variables and
 * global classes come from the built CSS files), so the app works under a Content-Security-Policy
 * of `style-src 'self'`; app.css holds the few theme variables that differ from Mantine's defaults.
 */
export function App() {
  return (
    <MantineProvider
      theme={theme}
      withCssVariables={false}
      withGlobalClasses={false}
      defaultColorScheme="light"
    >
      <I18nProvider>
        <QueryClientProvider client={queryClient}>
          <Notifications position="top-center" />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </I18nProvider>
    </MantineProvider>
  );
}
