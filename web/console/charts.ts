// ECharts with only what the console draws (bar + pie, canvas), to keep the bundle small.
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export const STATUS_COLORS: Record<string, string> = {
  未填报: '#b0b4ba',
  未启动: '#e6a23c',
  推进中: '#1f5fbf',
  已完成: '#2e7d32',
  滞后: '#c62828',
};

const charts = new Set<echarts.ECharts>();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

function mount(el: HTMLElement): echarts.ECharts {
  const chart = echarts.init(el);
  charts.add(chart);
  // A chart whose element left the page is disposed on the next resize sweep.
  const obs = new MutationObserver(() => {
    if (!el.isConnected) {
      chart.dispose();
      charts.delete(chart);
      obs.disconnect();
    }
  });
  obs.observe(document.body, { childList: true, subtree: true });
  return chart;
}

export function pieChart(el: HTMLElement, title: string, data: { name: string; value: number }[]): void {
  mount(el).setOption({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['30%', '55%'],
        center: ['50%', '54%'],
        label: { formatter: '{b}\n{c}' },
        data: data.map((d) => ({ ...d, itemStyle: { color: STATUS_COLORS[d.name] } })),
      },
    ],
  });
}

/** Stacked bars: one bar per category (period or task), one stack part per series. */
export function stackedBar(el: HTMLElement, title: string, categories: string[], series: { name: string; data: number[] }[], opts: { percent?: boolean } = {}): void {
  mount(el).setOption({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', max: opts.percent ? 100 : undefined, axisLabel: { formatter: opts.percent ? '{value}%' : '{value}' } },
    series: series.map((s) => ({ type: 'bar', name: s.name, stack: 'all', data: s.data, itemStyle: { color: STATUS_COLORS[s.name] }, barMaxWidth: 48 })),
  });
}
