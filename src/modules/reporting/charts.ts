export interface BarDatum {
  label: string;
  value: number;
}

/** A chart ready for a page: the SVG (drawn on the server) and the words a screen reader hears. */
export interface Chart {
  title: string;
  description: string;
  svg: string;
}

/** A point of a trend: one figure's value in one year. */
export interface TrendDatum {
  year: string;
  figure: string;
  value: number;
}

const FONT = 'Arial, sans-serif';
const TEXT = '#0b0c0c';
const BLUE = '#1d70b8';
const GRID = '#b1b4b6';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const number = (value: number) => value.toLocaleString('en-GB');
/** Coordinates rounded to a tenth of a pixel. */
const px = (value: number) => Math.round(value * 10) / 10;

/** A label cut to about `width` pixels of Arial at `size` (the table beside the chart holds it whole). */
function clipLabel(label: string, width: number, size: number): string {
  const chars = Math.floor(width / (size * 0.55));
  return label.length <= chars ? label : `${label.slice(0, Math.max(1, chars - 1)).trimEnd()}…`;
}

/** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 × a power of ten, about `count` of them. */
export function niceTicks(max: number, count: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(Math.round(v * 1e6) / 1e6);
    if (v >= max) break;
  }
  return ticks;
}

const text = (x: number, y: number, content: string, size: number, extra = '') =>
  `<text x="${px(x)}" y="${px(y)}" font-size="${size}" fill="${TEXT}"${extra}>${escapeXml(content)}</text>`;

/**
 * One accessible SVG image: a title and description for assistive technology (`role="img"`), the marks
 * hidden from it (the data table beside each chart holds the same figures), drawn at its own size and
 * scaled down by its class (application.scss) rather than by style attributes, which the
 * Content-Security-Policy refuses. `{id}` is replaced by `withIds`.
 */
function svgImage(
  width: number,
  height: number,
  title: string,
  description: string,
  marks: string[],
): string {
  return (
    `<svg role="img" aria-labelledby="{id}-title {id}-desc" focusable="false" xmlns="http://www.w3.org/2000/svg" ` +
    `class="app-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">` +
    `<title id="{id}-title">${escapeXml(title)}</title><desc id="{id}-desc">${escapeXml(description)}</desc>` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<g aria-hidden="true">${marks.join('')}</g></svg>`
  );
}

/**
 * A horizontal bar chart as SVG, drawn on the server (pages need no JavaScript): a bar per label, its
 * value written at its end, and an axis of round values titled with the unit. Every label is 16px.
 */
export async function barChart(title: string, data: BarDatum[], unit: string): Promise<Chart> {
  const description = `${title}: ${data.map((d) => `${d.label} ${number(d.value)} ${unit}`).join('; ')}.`;
  const size = 16;
  const row = 32;
  const labels = 260;
  const plot = 400;
  const left = labels + 10;
  const top = 8;
  const plotHeight = Math.max(60, data.length * row);
  const ticks = niceTicks(Math.max(0, ...data.map((d) => d.value)), 5);
  const max = ticks.at(-1)!;
  const x = (value: number) => left + (Math.max(0, value) / max) * plot;
  const marks: string[] = [];
  for (const tick of ticks) {
    marks.push(
      `<line x1="${px(x(tick))}" x2="${px(x(tick))}" y1="${top}" y2="${top + plotHeight}" stroke="${GRID}" stroke-width="1"/>`,
      text(x(tick), top + plotHeight + 22, number(tick), size, ' text-anchor="middle"'),
    );
  }
  data.forEach((d, i) => {
    const y = top + i * row;
    marks.push(
      text(labels, y + row / 2 + 5, clipLabel(d.label, labels, size), size, ' text-anchor="end"'),
      `<rect x="${left}" y="${y + 4}" width="${px(x(d.value) - left)}" height="${row - 8}" fill="${BLUE}"/>`,
      text(x(d.value) + 4, y + row / 2 + 5, number(d.value), size),
    );
  });
  marks.push(
    `<line x1="${left}" x2="${left + plot}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="${TEXT}" stroke-width="1"/>`,
    text(left + plot / 2, top + plotHeight + 46, unit, size, ' text-anchor="middle" font-weight="bold"'),
  );
  // Room at the right for the value written after the longest bar.
  const width = left + plot + 70;
  const height = top + plotHeight + 56;
  return { title, description, svg: svgImage(width, height, title, description, marks) };
}

/**
 * The report's trend: a small line chart for each figure (each on its own scale, so that 40 hubs and
 * 13,900 schools both show their shape), years along the bottom. The table below it holds the figures.
 */
export async function trendChart(title: string, data: TrendDatum[]): Promise<Chart> {
  const figures = [...new Set(data.map((d) => d.figure))];
  const years = [...new Set(data.map((d) => d.year))];
  const description = `${title}: ${figures
    .map(
      (f) =>
        `${f}: ${data
          .filter((d) => d.figure === f)
          .map((d) => `${d.year} ${number(d.value)}`)
          .join(', ')}`,
    )
    .join('; ')}.`;
  const size = 14;
  const left = 80;
  const plot = 440;
  const panelHeight = 90;
  const panel = panelHeight + 80;
  const stepX = years.length > 1 ? plot / (years.length - 1) : 0;
  // Every year's label where they fit, else every other one, counted back from the latest (the table
  // below the chart has them all).
  const labelEvery = stepX >= 62 ? 1 : stepX >= 31 ? 2 : Math.ceil(62 / Math.max(1, stepX));
  const marks: string[] = [];
  figures.forEach((figure, f) => {
    const top = f * panel + 40;
    const points = years.map(
      (year) => data.find((d) => d.figure === figure && d.year === year)?.value ?? null,
    );
    const ticks = niceTicks(Math.max(0, ...points.map((p) => p ?? 0)), 2);
    const max = ticks.at(-1)!;
    const y = (value: number) => top + panelHeight - (Math.max(0, value) / max) * panelHeight;
    marks.push(text(0, top - 22, clipLabel(figure, left + plot, size), size, ' font-weight="bold"'));
    for (const tick of ticks)
      marks.push(
        `<line x1="${left}" x2="${left + plot}" y1="${px(y(tick))}" y2="${px(y(tick))}" stroke="${GRID}" stroke-width="1"/>`,
        text(left - 6, y(tick) + 5, number(tick), size, ' text-anchor="end"'),
      );
    const line = points
      .map((p, i) => (p === null ? null : `${px(left + i * stepX)},${px(y(p))}`))
      .filter((p): p is string => p !== null);
    marks.push(`<polyline points="${line.join(' ')}" fill="none" stroke="${BLUE}" stroke-width="3"/>`);
    points.forEach((p, i) => {
      if (p !== null)
        marks.push(`<circle cx="${px(left + i * stepX)}" cy="${px(y(p))}" r="4" fill="${BLUE}"/>`);
    });
    years.forEach((year, i) => {
      if ((years.length - 1 - i) % labelEvery === 0)
        marks.push(text(left + i * stepX, top + panelHeight + 22, year, size, ' text-anchor="middle"'));
    });
  });
  const width = left + plot + 40;
  const height = figures.length * panel;
  return { title, description, svg: svgImage(width, height, title, description, marks) };
}

/** Gives a chart's SVG its own ids (several charts on one page). */
export const withIds = (chart: Chart, id: string): Chart => ({
  ...chart,
  svg: chart.svg.replaceAll('{id}', id),
});
