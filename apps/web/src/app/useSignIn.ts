/** Login and sign-up end the same way: store the session, load who this is, go to their home page. */
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { session } from '../api/session';
import { useAction } from '../hooks/useAction';
import { homePath } from './auth';

export function useSignIn<TInput>(request: (input: TInput) => Promise<Schemas['AuthResponse']>) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return useAction(
    async (input: TInput) => {
      const tokens = await request(input);
      queryClient.clear();
      session.start(tokens);
      return queryClient.fetchQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/v1/me')) });
    },
    {
      silent: true,
      onSuccess: (me) => {
        const next = params.get('next');
        // Only same-app paths: never an absolute URL from the query string.
        void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homePath(me), {
          replace: true,
        });
      },
    },
  );
}
