'use strict';
/*
 * firefox.js - starts the system Firefox (Debian's firefox-esr) through
 * puppeteer-core over WebDriver BiDi, and gives it the part of
 * playwright-core's page API that the browser tests use, so one test file
 * runs in both browsers.  playwright-core cannot drive a stock Firefox (it
 * needs its own patched build, which would be a download); puppeteer-core
 * speaks the standard protocol that Firefox ships.  FIREFOX overrides the
 * executable.  A missing browser is an error, never a skip.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* "Control+Shift+f" -> modifiers held around one key press */
async function pressCombo(keyboard, combo) {
  const keys = combo.split('+');
  const key = keys.pop();
  for (const m of keys) await keyboard.down(m);
  await keyboard.press(key);
  for (const m of keys.reverse()) await keyboard.up(m);
}

async function waitForLoad(frameOrPage) {
  await frameOrPage.waitForFunction(() => document.readyState === 'complete', { timeout: 10000 });
}

/* a new tab starts as a complete about:blank: wait for the real document */
async function waitForPageLoad(p) {
  for (let k = 0; k < 200 && p.url() === 'about:blank'; k++) await sleep(50);
  await waitForLoad(p);
}

function wrapFrame(f) {
  return {
    url: () => f.url(),
    evaluate: (fn, arg) => f.evaluate(fn, arg),
    waitForLoadState: () => waitForLoad(f),
  };
}

/* The playwright-core Page methods the tests call, on a puppeteer Page. */
function wrapPage(p) {
  return {
    goto: (url) => p.goto(url, { waitUntil: 'load' }),
    url: () => p.url(),
    evaluate: (fn, arg) => p.evaluate(fn, arg),
    waitForFunction: (fn, arg, opts = {}) =>
      p.waitForFunction(fn, { timeout: opts.timeout || 10000, polling: 50 }, arg),
    waitForTimeout: (ms) => sleep(ms),
    waitForLoadState: () => waitForPageLoad(p),
    setViewportSize: ({ width, height }) => p.setViewport({ width, height }),
    /* not playwright's: a window of width x height at devicePixelRatio dpr */
    setDeviceScale: (width, height, dpr) => p.setViewport({ width, height, deviceScaleFactor: dpr }),
    /* emulateMedia() needs CDP, which Firefox has not: see launchFirefox's prefs */
    addInitScript: (fn) => p.evaluateOnNewDocument(fn),
    click: (selector) => p.click(selector),
    frames: () => p.frames().map(wrapFrame),
    close: () => p.close(),
    on: (ev, fn) => p.on(ev, fn),
    once: (ev, fn) => p.once(ev, fn),
    mouse: {
      move: (x, y) => p.mouse.move(x, y),
      click: (x, y) => p.mouse.click(x, y),
    },
    keyboard: {
      down: (k) => p.keyboard.down(k),
      up: (k) => p.keyboard.up(k),
      press: (combo) => pressCombo(p.keyboard, combo),
    },
  };
}

/* prefs: more Firefox preferences, e.g. a colour scheme
 * ('layout.css.prefers-color-scheme.content-override': 0 is dark) */
async function launchFirefox({ prefs = {} } = {}) {
  if (!fs.existsSync(FIREFOX)) {
    throw new Error(`Firefox not found at ${FIREFOX} (install Debian's "firefox-esr" package or set FIREFOX)`);
  }
  let puppeteer;
  try {
    puppeteer = require('puppeteer-core');
  } catch (e) {
    throw new Error('puppeteer-core is not installed: run "npm ci --prefix tests/browser"');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: dir,
    extraPrefsFirefox: {
      /* nothing to reach: this machine has no network but the registries */
      'network.connectivity-service.enabled': false,
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      ...prefs,
    },
  });
  const wrapped = new Map();
  const wrap = (p) => {
    if (!wrapped.has(p)) wrapped.set(p, wrapPage(p));
    return wrapped.get(p);
  };
  const context = {
    newPage: async () => wrap(await browser.newPage()),
    pages: () => browser.targets().filter((t) => t.type() === 'page'),
    /* only 'page' is used: the next tab or window that opens */
    waitForEvent: (name, { timeout = 10000 } = {}) => {
      if (name !== 'page') throw new Error(`waitForEvent(${name}) is not supported`);
      const known = new Set(browser.targets());
      return browser.waitForTarget((t) => t.type() === 'page' && !known.has(t), { timeout })
        .then(async (t) => wrap(await t.page()));
    },
  };
  async function close() {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { context, close };
}

module.exports = { launchFirefox, FIREFOX };
