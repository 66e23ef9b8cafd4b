import type { Page } from 'playwright-core';

/** The public Find your Maths Hub page, by its data-testids. */
export class FindYourHubPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/find-your-hub`);
  }

  async search(query: string) {
    await this.page.getByTestId('find-your-hub-query').fill(query);
    await this.page.getByTestId('find-your-hub-search').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  resultCount() {
    return this.page.getByTestId('result-count').innerText();
  }

  resultRows() {
    return this.page.getByTestId('find-your-hub-results').locator('tbody tr');
  }

  async openSchool(name: string) {
    await this.page.getByTestId('find-your-hub-results').getByRole('link', { name }).click();
  }
}
