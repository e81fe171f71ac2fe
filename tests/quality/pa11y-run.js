// Runs pa11y (HTML_CodeSniffer, WCAG 2.1 AA) over the URLs given as arguments, in one Debian
// chromium (never a downloaded browser), and prints one JSON object: {url: [issues]}.
// Usage: node tests/quality/pa11y-run.js URL...   (tests/browser/test_pa11y.py calls it)
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const CHROMIUM = process.env.SCSCHULE_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function main(urls) {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const results = {};
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      try {
        const result = await pa11y(url, {
          browser, page, runners: ["htmlcs"], standard: "WCAG2AA", includeWarnings: false,
          includeNotices: false, timeout: 60000, viewport: { width: 1280, height: 900 },
        });
        results[url] = result.issues;
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
