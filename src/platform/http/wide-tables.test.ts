import { describe, expect, it } from 'vitest';
import { wrapWideTables } from './wide-tables.ts';

describe('wide tables', () => {
  it('puts each table in a region of its own that scrolls, named after its caption', () => {
    const html =
      '<p>x</p><table class="govuk-table" data-testid="a"><caption class="govuk-table__caption">Schools <span>in 2023/24</span></caption><tr><td>1</td></tr></table>' +
      '<table class="govuk-table"><tr><td>2</td></tr></table>';
    expect(wrapWideTables(html)).toBe(
      '<p>x</p><div class="app-table-scroll" role="region" aria-label="Schools in 2023/24, scrolls sideways" tabindex="0"><table class="govuk-table" data-testid="a"><caption class="govuk-table__caption">Schools <span>in 2023/24</span></caption><tr><td>1</td></tr></table></div>' +
        '<div class="app-table-scroll" role="region" aria-label="Table, scrolls sideways" tabindex="0"><table class="govuk-table"><tr><td>2</td></tr></table></div>',
    );
  });

  it('leaves a table its template already wraps', () => {
    const html =
      '<div class="app-table-scroll" role="region" aria-label="Interest, scrolls sideways" tabindex="0">\n  <table class="govuk-table"></table></div>';
    expect(wrapWideTables(html)).toBe(html);
  });
});
