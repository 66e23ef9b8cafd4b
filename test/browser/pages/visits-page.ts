import type { Page } from 'playwright-core';

/** The records of visits (issue 15): recording a visit and its agreed actions, by field ids and data-testids. */
export class VisitsPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async fillDate(name: string, iso: string) {
    const [year, month, day] = iso.split('-');
    await this.page.locator(`#${name}-day`).fill(String(Number(day)));
    await this.page.locator(`#${name}-month`).fill(String(Number(month)));
    await this.page.locator(`#${name}-year`).fill(year!);
  }

  async fillVisit(visit: {
    date: string;
    schoolUrn: number;
    yearGroups: string[];
    focus: string;
    classes?: string;
  }) {
    await this.fillDate('visitedOn', visit.date);
    await this.page.locator('#schoolUrn').selectOption(String(visit.schoolUrn));
    for (const group of visit.yearGroups)
      await this.page.locator(`input[name="yearGroups"][value="${group}"]`).check();
    await this.page.locator('#classesSeen').fill(visit.classes ?? '');
    await this.page.locator('#focus').fill(visit.focus);
  }

  async fillAction(n: number, action: { what: string; someoneElse: string; due: string }) {
    await this.page.locator(`#action${n}What`).fill(action.what);
    await this.page.locator(`#action${n}Owner`).selectOption('other');
    await this.page.locator(`#action${n}OwnerText`).fill(action.someoneElse);
    await this.fillDate(`action${n}Due`, action.due);
  }

  async save() {
    await this.page.getByTestId('save-visit').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  /** Whether the page scrolls sideways (a wide table must scroll in its own region instead). */
  scrollsSideways(): Promise<boolean> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
  }
}
