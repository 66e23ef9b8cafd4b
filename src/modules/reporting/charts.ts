import type { TopLevelSpec } from 'vega-lite';

export interface BarDatum {
  label: string;
  value: number;
}

/** A chart ready for a page: the SVG (rendered on the server) and the words a screen reader hears. */
export interface Chart {
  title: string;
  description: string;
  svg: string;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A horizontal bar chart as SVG, drawn by vega-lite on the server (pages need no JavaScript). The SVG
 * is one image with a title and description (`role="img"`, `<title>`, `<desc>`); the marks inside are
 * hidden from assistive technology, because the data table beside each chart holds the same figures.
 */
export async function barChart(title: string, data: BarDatum[], unit: string): Promise<Chart> {
  const description = `${title}: ${data.map((d) => `${d.label} ${d.value.toLocaleString('en-GB')} ${unit}`).join('; ')}.`;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 400,
    height: Math.max(60, data.length * 32),
    background: 'white',
    config: {
      font: 'Arial, sans-serif',
      axis: { labelFontSize: 16, titleFontSize: 16, labelColor: '#0b0c0c', titleColor: '#0b0c0c' },
      aria: false,
    },
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', color: '#1d70b8' },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
          x: { field: 'value', type: 'quantitative', title: unit },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, color: '#0b0c0c', fontSize: 16 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null },
          x: { field: 'value', type: 'quantitative' },
          text: { field: 'value', type: 'quantitative', format: ',' },
        },
      },
    ],
  };
  return { title, description, svg: await renderSvg(spec, title, description) };
}

/** A point of a trend: one figure's value in one year. */
export interface TrendDatum {
  year: string;
  figure: string;
  value: number;
}

/**
 * The report's trend: a small line chart for each figure (each on its own scale, so that 40 hubs and
 * 13,900 schools both show their shape), years along the bottom. The table below it holds the figures.
 */
export async function trendChart(title: string, data: TrendDatum[]): Promise<Chart> {
  const figures = [...new Set(data.map((d) => d.figure))];
  const description = `${title}: ${figures
    .map(
      (f) =>
        `${f}: ${data
          .filter((d) => d.figure === f)
          .map((d) => `${d.year} ${d.value.toLocaleString('en-GB')}`)
          .join(', ')}`,
    )
    .join('; ')}.`;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: {
      font: 'Arial, sans-serif',
      axis: { labelFontSize: 13, titleFontSize: 13, labelColor: '#0b0c0c', titleColor: '#0b0c0c' },
      header: { labelFontSize: 14, labelColor: '#0b0c0c', labelFontWeight: 'bold' },
      aria: false,
    },
    data: { values: data },
    facet: { row: { field: 'figure', type: 'nominal', sort: figures, title: null } },
    spec: {
      width: 420,
      height: 90,
      mark: { type: 'line', point: { filled: true, size: 50 }, color: '#1d70b8', strokeWidth: 3 },
      encoding: {
        x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
        y: { field: 'value', type: 'quantitative', title: null, axis: { format: ',', tickCount: 3 } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
  return { title, description, svg: await renderSvg(spec, title, description) };
}

/** Renders a vega-lite chart as one accessible SVG image (title and description; marks hidden). */
async function renderSvg(spec: TopLevelSpec, title: string, description: string): Promise<string> {
  // Loaded when the first chart is drawn, not when the server starts (docs/operations.md, memory).
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const rendered = await view.toSVG();
  view.finalize();
  return (
    rendered
      .replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '')
      // A class sizes it (application.scss): the Content-Security-Policy refuses style attributes.
      .replace(/^(<svg[^>]*?) class="marks"/, '$1 class="marks app-chart"')
      .replace(/^<svg /, `<svg role="img" aria-labelledby="{id}-title {id}-desc" focusable="false" `)
      .replace(
        /^(<svg[^>]*>)/,
        `$1<title id="{id}-title">${escapeXml(title)}</title><desc id="{id}-desc">${escapeXml(description)}</desc>`,
      )
  );
}

/** Gives a chart's SVG its own ids (several charts on one page). */
export const withIds = (chart: Chart, id: string): Chart => ({
  ...chart,
  svg: chart.svg.replaceAll('{id}', id),
});
