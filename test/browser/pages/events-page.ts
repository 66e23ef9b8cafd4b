import type { Page } from 'playwright-core';

/** The events pages, by their data-testids: a person's tabs and event page, the organiser's pages. */
export class EventsPage {
  private readonly page: Page;
  private readonly baseUrl: string;
  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async openMine(tab: 'eligible' | 'upcoming' | 'past' = 'eligible') {
    await this.page.goto(`${this.baseUrl}/events?tab=${tab}`);
  }

  async openEvent(title: string) {
    await this.page.getByRole('link', { name: title }).click();
    await this.page.getByTestId('event-title').waitFor();
  }

  async confirm() {
    await this.page.getByTestId('confirm').click();
    await this.page.getByTestId('place-status').waitFor();
  }

  async saveRequirements(requirements: { dietary?: string; access?: string }) {
    if (requirements.dietary) await this.page.getByLabel('Dietary requirements').fill(requirements.dietary);
    if (requirements.access) await this.page.getByLabel('Access requirements').fill(requirements.access);
    await this.page.getByTestId('save-requirements').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async createEvent(baseUrl: string, fields: Record<string, string>, format: 'Online' | 'Face to face') {
    await this.page.goto(`${baseUrl}/organise/events/new`);
    for (const [label, value] of Object.entries(fields))
      await this.page.getByLabel(label, { exact: true }).fill(value);
    await this.page.getByLabel(format, { exact: true }).check();
    await this.page.getByTestId('save').click();
    await this.page.getByTestId('event-title').waitFor();
  }
}
