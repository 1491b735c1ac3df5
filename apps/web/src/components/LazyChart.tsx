import { lazy, Suspense } from 'react';
import type { ChartProps } from './charts';
import { Loading } from './QueryView';

const Chart = lazy(() => import('./charts'));

/** A chart in a labelled figure, loaded on demand (see charts.tsx). */
export function LazyChart({ label, ...props }: ChartProps & { label: string }) {
  return (
    <figure aria-label={label} className="chart">
      <Suspense fallback={<Loading />}>
        <Chart {...props} />
      </Suspense>
    </figure>
  );
}
