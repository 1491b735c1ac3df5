/**
 * The charts (Mantine charts on recharts, the heaviest dependency by far). Pages import them only
 * through LazyChart, so a cold load of a page ships without them and they follow once it renders.
 */
import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';

export interface Series {
  name: string;
  label: string;
  color: string;
}

export interface ChartProps {
  kind: 'line' | 'bar';
  data: Record<string, string | number>[];
  dataKey: string;
  series: Series[];
  yMax?: number;
}

export default function Chart({ kind, data, dataKey, series, yMax }: ChartProps) {
  return kind === 'line' ? (
    <LineChart
      h={220}
      data={data}
      dataKey={dataKey}
      series={series}
      yAxisProps={yMax ? { domain: [0, yMax] } : undefined}
      curveType="monotone"
      withDots={data.length < 20}
    />
  ) : (
    <BarChart h={200} data={data} dataKey={dataKey} series={series} withLegend />
  );
}
