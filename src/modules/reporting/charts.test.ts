import { describe, expect, it } from 'vitest';
import { barChart, niceTicks, trendChart, withIds } from './charts.ts';

describe('the report’s charts', () => {
  it('write every label at 16px or more, so that they stay legible (issue 14)', async () => {
    const chart = await barChart('Schools engaged, by phase', [{ label: 'Primary', value: 1234 }], 'schools');
    const sizes = [...chart.svg.matchAll(/font-size[=:]"?\s*([\d.]+)/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
    // Drawn at its own size (no wider than a page's content), so the page does not shrink its text.
    expect(Number(/<svg[^>]* width="(\d+)"/.exec(chart.svg)![1])).toBeLessThanOrEqual(960);
  });

  it('draw a bar per label to scale, its value written at its end, on round ticks', async () => {
    const chart = await barChart(
      'Schools engaged, by phase',
      [
        { label: 'Primary', value: 1234 },
        { label: 'Secondary', value: 617 },
      ],
      'schools',
    );
    const widths = [...chart.svg.matchAll(/<rect x="270" y="[\d.]+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(2, 1);
    expect(chart.svg).toContain('>1,234</text>');
    expect(chart.svg).toContain('>617</text>');
    expect(niceTicks(1234, 5)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0, 5)).toEqual([0, 1]);
  });

  it('are one image to assistive technology, with the figures in words, and escape every text', async () => {
    const chart = withIds(
      await barChart('Tom & Jerry <b>', [{ label: '<script>x</script>', value: 3 }], 'people'),
      'c1',
    );
    expect(chart.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(chart.svg).toContain('<title id="c1-title">Tom &amp; Jerry &lt;b&gt;</title>');
    expect(chart.svg).toContain(
      '<desc id="c1-desc">Tom &amp; Jerry &lt;b&gt;: &lt;script&gt;x&lt;/script&gt; 3 people.</desc>',
    );
    expect(chart.svg).not.toContain('<script');
    expect(chart.svg).toContain('<g aria-hidden="true">');
  });

  it('draw the trend as a line per figure on its own scale, the latest year always labelled', async () => {
    const years = ['2020/21', '2021/22', '2022/23', '2023/24'];
    const chart = await trendChart('The key figures', [
      ...years.map((year) => ({ year, figure: 'Hubs', value: 40 })),
      ...years.map((year, i) => ({ year, figure: 'Schools engaged', value: 10_000 + i * 1000 })),
    ]);
    expect([...chart.svg.matchAll(/<polyline /g)]).toHaveLength(2);
    expect([...chart.svg.matchAll(/<circle /g)]).toHaveLength(8);
    expect(chart.svg).toContain('>2023/24</text>');
    expect(chart.description).toContain('Schools engaged: 2020/21 10,000, 2021/22 11,000');
  });
});
