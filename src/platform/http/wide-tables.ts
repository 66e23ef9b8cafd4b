/**
 * Every GOV.UK table on a page scrolls sideways in its own region when it is wider than the screen,
 * instead of the whole page scrolling (the responsive table pattern): the region is named after the
 * table's caption and can be reached with the keyboard. Tables a template already wraps
 * (`app-table-scroll`) are left as they are.
 */
const table = /(<div class="app-table-scroll"[^>]*>\s*)?<table class="govuk-table[\s\S]*?<\/table>/g;
const caption = /<caption[^>]*>([\s\S]*?)<\/caption>/;

export function wrapWideTables(html: string): string {
  return html.replace(table, (match, wrapped: string | undefined) => {
    if (wrapped) return match;
    const name = (caption.exec(match)?.[1] ?? '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/"/g, '&quot;');
    const label = `${name || 'Table'}, scrolls sideways`;
    return `<div class="app-table-scroll" role="region" aria-label="${label}" tabindex="0">${match}</div>`;
  });
}
