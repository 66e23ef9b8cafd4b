import type { Page } from 'playwright-core';

/** Signing in: the email page, the code page and the demo shortcuts, by their data-testids. */
export class SignInPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/sign-in`);
  }

  async requestCode(email: string) {
    await this.page.getByTestId('sign-in-email').fill(email);
    await this.page.getByTestId('request-code').click();
    await this.page.getByTestId('sign-in-code-form').waitFor();
  }

  async enterCode(code: string) {
    await this.page.getByTestId('sign-in-code').fill(code);
    await this.page.getByTestId('submit-code').click();
    await this.page.waitForLoadState('domcontentloaded');
  }

  async useDemoAccount(personId: number) {
    await this.page.getByTestId(`demo-sign-in-${personId}`).click();
    await this.page.waitForLoadState('domcontentloaded');
  }
}
