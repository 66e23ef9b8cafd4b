import { describe, expect, it } from 'vitest';
import { barChart } from './charts.ts';

describe('the report’s charts', () => {
  it('write every label at 16px or more, so that they stay legible (issue 14)', async () => {
    const chart = await barChart('Schools engaged, by phase', [{ label: 'Primary', value: 1234 }], 'schools');
    const sizes = [...chart.svg.matchAll(/font-size[=:]"?\s*([\d.]+)/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
    // Drawn at its own size (no wider than a page's content), so the page does not shrink its text.
    expect(Number(/<svg[^>]* width="(\d+)"/.exec(chart.svg)![1])).toBeLessThanOrEqual(960);
  });
});
