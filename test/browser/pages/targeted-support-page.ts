import type { Page } from 'playwright-core';

/** Targeted Support's pages (issue 16): referring, deciding, the plan and the handover, by data-testids. */
export class TargetedSupportPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async refer(barriers: string) {
    await this.page.getByTestId('refer-barriers').fill(barriers);
    await this.page.getByTestId('refer-submit').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async acceptIntensive(isp: { personId: number; credentials: string; leaders: string }) {
    await this.page.getByTestId('decide-intensive').check();
    await this.page.getByTestId('decide-isp').selectOption(String(isp.personId));
    await this.page.getByTestId('decide-credentials').fill(isp.credentials);
    await this.page.getByTestId('decide-leaders').fill(isp.leaders);
    await this.page.getByTestId('decide-submit').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async addToPlan(kind: 'priority' | 'action' | 'evidence', description: string, owner?: string) {
    await this.page.locator(`input[name="kind"][value="${kind}"]`).check();
    await this.page.getByTestId('plan-description').fill(description);
    if (owner) await this.page.getByTestId('plan-owner').fill(owner);
    await this.page.getByTestId('plan-submit').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async moveOn() {
    await this.page.getByTestId('phase-submit').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  phase(): Promise<string | null> {
    return this.page.getByTestId('partnership-phase').textContent();
  }

  async handOver(activityId: number, notes: string) {
    await this.page.getByTestId('handover-group').selectOption(String(activityId));
    await this.page.getByTestId('handover-notes').fill(notes);
    await this.page.getByTestId('handover-submit').click();
    await this.page.waitForLoadState('domcontentloaded');
  }
}
