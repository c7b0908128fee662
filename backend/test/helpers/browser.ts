import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { REPO_ROOT } from '../../src/core/config/config.js';

export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

/**
 * Debian's Chromium (or CHROME_PATH) driven by playwright-core, headless, with a fresh profile.
 * The page prefers reduced motion, so Material opens dialogs and panels without their enter
 * animation: its dialog moves focus to the first field when the animation ends (autoFocus
 * 'first-tabbable'), and a test that types faster than a person could otherwise have its text
 * land in another field when that happens mid-fill (seen in CI: the payment dialog's amount).
 */
export async function launchBrowser(opts: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'bcc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: opts.locale ?? 'id-ID',
    timezoneId: 'Asia/Jakarta',
    reducedMotion: 'reduce',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
