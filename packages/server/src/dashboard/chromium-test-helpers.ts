import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or `EXAI_CHROMIUM_PATH`. Never a downloaded browser. */
export function chromiumPath(): string {
  return process.env.EXAI_CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Whether Chromium is installed. When it is not, prints a loud line and returns false so the
 * browser tests skip — except with `CI=true`, where that is a failure.
 */
export function probeChromium(): boolean {
  if (existsSync(chromiumPath())) return true;
  const line = `Chromium is not installed at ${chromiumPath()}`;
  if (process.env.CI === 'true')
    throw new Error(`${line}. CI=true, so this is a failure: .ci/run must apt-get install chromium.`);
  console.warn(`\n!!! SKIPPING BROWSER TESTS: ${line}. Run apt-get install chromium. !!!\n`);
  return false;
}

/** A headless Chromium with a fresh profile that is removed on `close()`. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'exai-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
