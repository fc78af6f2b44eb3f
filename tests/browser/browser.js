'use strict';
/*
 * browser.js - starts the system Chromium through playwright-core (no
 * browser download; see /work/shared/docs/browser-testing.md).  CHROMIUM
 * overrides the executable.  A missing browser is an error, never a skip.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM} (install Debian's "chromium" package or set CHROMIUM)`);
  }
  let playwright;
  try {
    playwright = require('playwright-core');
  } catch (e) {
    throw new Error('playwright-core is not installed: run "npm ci --prefix tests/browser"');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-chromium-'));
  const context = await playwright.chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  /* what firefox.js adds to its pages: a window at a devicePixelRatio */
  const newPage = context.newPage.bind(context);
  context.newPage = async () => {
    const page = await newPage();
    page.setDeviceScale = async (width, height, dpr) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setDeviceMetricsOverride',
        { width, height, deviceScaleFactor: dpr, mobile: false });
    };
    return page;
  };
  async function close() {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { context, close };
}

/* engine: 'chromium' (playwright-core) or 'firefox' (puppeteer-core, firefox.js,
 * which takes opts.prefs) */
function launchEngine(engine, opts) {
  if (engine === 'firefox') {
    return require('./firefox').launchFirefox(opts);
  }
  if (engine !== 'chromium') {
    throw new Error(`unknown browser "${engine}" (chromium or firefox)`);
  }
  return launch();
}

module.exports = { launch, launchEngine, CHROMIUM };
