import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { MonitoringBucket } from '@atrio/protocol';

// Only what the dashboard draws: line charts with axes, tooltip and legend (see README: Console).
echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface Series {
  name: string;
  pick: (bucket: MonitoringBucket) => number | null;
}

/** One 24-hour line chart; loaded on demand so the console's first download stays small. */
export default function MonitoringChart({
  history,
  series,
  unit,
  label,
}: {
  history: MonitoringBucket[];
  series: Series[];
  unit: string;
  label: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 28, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: series.map((s) => s.name) },
      // Always the whole 24 h, so a server that just started shows its few minutes at the right end.
      xAxis: {
        type: 'time',
        min: Date.now() - 86_400_000,
        max: Date.now(),
        axisLabel: { hideOverlap: true, formatter: '{HH}:{mm}' },
      },
      yAxis: { type: 'value', axisLabel: { formatter: `{value} ${unit}` }, min: 0 },
      series: series.map((s) => ({
        name: s.name,
        type: 'line',
        // A server that just started has a few minutes only: dots keep them visible.
        showSymbol: history.length < 30,
        connectNulls: false,
        data: history.map((b) => [b.at, s.pick(b)]),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [history, series, unit]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height: 220 }} />;
}
