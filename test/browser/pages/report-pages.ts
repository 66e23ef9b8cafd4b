import type { Page } from 'playwright-core';

/** The national annual report and a hub's dashboard, found by their stable test ids. */
export class AnnualReportPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string, year: string) {
    await this.page.goto(`${baseUrl}/reports/annual?year=${year}`);
  }

  figureValue(key: string) {
    return this.page.getByTestId(`figure-${key}`).getByTestId('value').innerText();
  }

  charts() {
    return this.page.getByTestId('chart');
  }

  chartImage(index: number) {
    return this.charts().nth(index).getByRole('img');
  }

  async chooseYear(label: string) {
    await this.page.getByLabel('Academic year').selectOption({ label });
    await this.page.getByRole('button', { name: 'Show' }).click();
  }
}

export class HubDashboardPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string, query = '') {
    await this.page.goto(`${baseUrl}/hub/dashboard${query}`);
  }

  hubValue(key: string) {
    return this.page.getByTestId(`figure-${key}`).getByTestId('hub-value').innerText();
  }

  nationalValue(key: string) {
    return this.page.getByTestId(`figure-${key}`).getByTestId('national-value').innerText();
  }

  coldSpots() {
    return this.page.getByTestId('cold-spot');
  }
}
