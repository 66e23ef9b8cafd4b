import type { Page } from 'playwright-core';

/** The national team's hub pages, by their data-testids and labels. */
export class HubAdminPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async openList(baseUrl: string) {
    await this.page.goto(`${baseUrl}/admin/hubs`);
  }

  async openHub(slug: string) {
    await this.page.getByTestId(`hub-${slug}`).getByRole('link').first().click();
    await this.page.getByTestId('hub-form').waitFor();
  }

  async saveDetails(fields: { name?: string; contactEmail?: string }) {
    if (fields.name !== undefined) await this.page.locator('#name').fill(fields.name);
    if (fields.contactEmail !== undefined) await this.page.locator('#contactEmail').fill(fields.contactEmail);
    await this.page.getByTestId('save').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async addArea(laCode: string) {
    await this.page.getByTestId('add-area').click();
    await this.page.locator('#laCode').selectOption(laCode);
    await this.page.getByTestId('add').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  errorSummary() {
    return this.page.locator('.govuk-error-summary').innerText();
  }

  areas() {
    return this.page.getByTestId('hub-areas').innerText();
  }
}
