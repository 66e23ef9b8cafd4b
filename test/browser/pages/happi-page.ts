import type { Page } from 'playwright-core';

/** A HAPPI form's pages (issue 15), by their data-testids. */
export class HappiPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string, activityId: number) {
    await this.page.goto(`${baseUrl}/activities/${activityId}`);
    await this.page.getByTestId('activity-happi').click();
    await this.page.getByTestId('happi-summary').waitFor();
  }

  state() {
    return this.page.getByTestId('happi-state').textContent();
  }

  async writePlan(outcome: string, methods: string[]) {
    await this.page.getByTestId('edit-plan').click();
    await this.page.getByTestId('plan-form').waitFor();
    await this.page.getByTestId('new-practice-1').fill(outcome);
    for (const m of methods) await this.page.locator(`input[name="methods"][value="${m}"]`).check();
  }

  async savePlan() {
    await this.page.getByTestId('save-plan').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async submit() {
    await this.page.getByTestId('submit-happi').click();
    await this.page.getByTestId('happi-summary').waitFor();
  }

  async review(decision: 'accept' | 'return', comments = '') {
    await this.page.getByTestId(`decision-${decision}`).check();
    if (comments) await this.page.getByTestId('review-comments').fill(comments);
    await this.page.getByTestId('save-review').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  /** How far the page scrolls sideways (0 when it fits). */
  sidewaysScroll() {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  }
}
