import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

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
  const spec: vegaLite.TopLevelSpec = {
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
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const rendered = await view.toSVG();
  view.finalize();
  const svg = rendered
    .replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '')
    // A class sizes it (application.scss): the Content-Security-Policy refuses style attributes.
    .replace(/^(<svg[^>]*?) class="marks"/, '$1 class="marks app-chart"')
    .replace(/^<svg /, `<svg role="img" aria-labelledby="{id}-title {id}-desc" focusable="false" `)
    .replace(
      /^(<svg[^>]*>)/,
      `$1<title id="{id}-title">${escapeXml(title)}</title><desc id="{id}-desc">${escapeXml(description)}</desc>`,
    );
  return { title, description, svg };
}

/** Gives a chart's SVG its own ids (several charts on one page). */
export const withIds = (chart: Chart, id: string): Chart => ({
  ...chart,
  svg: chart.svg.replaceAll('{id}', id),
});
