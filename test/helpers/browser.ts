// Headless Chromium (Debian's package, driven by playwright-core) for the
// notebook tests: every page load records console errors, cell errors and any
// request that would leave the machine (the sites must work offline).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { ROOT } from "./cli.js";

export const CHROMIUM = process.env.COORDSIM_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test-artifacts", "notebooks");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (npm test runs it first) or set COORDSIM_CHROMIUM`);
  // Background networking off: this machine's closed network refuses Chromium's own connections.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface PageVisit {
  page: Page;
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but the local server (aborted). */
  offsite: string[];
  /** Local requests that failed or answered >= 400. */
  broken: string[];
  close(): Promise<void>;
}

/** Open `url` with the network fenced to `origin`, and wait until `ready` holds in the page. */
export async function visit(browser: Browser, url: string, ready: string): Promise<PageVisit> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const errors: string[] = [];
  const offsite: string[] = [];
  const broken: string[] = [];
  await page.route("**/*", async (route) => {
    const target = route.request().url();
    if (target.startsWith(`${origin}/`) || target.startsWith("data:") || target.startsWith("blob:")) await route.continue();
    else {
      offsite.push(target);
      await route.abort("blockedbyclient");
    }
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400) broken.push(`${r.status()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    if (!offsite.includes(r.url())) broken.push(`failed ${r.url()}`);
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForFunction(ready, undefined, { timeout: 20_000 });
  return { page, errors, offsite, broken, close: () => context.close() };
}

/** Full-page screenshot kept as a CI artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** What every page must satisfy, whatever it charts. */
export async function expectCleanPage(v: PageVisit, name: string): Promise<void> {
  await screenshot(v.page, name);
  expect(v.offsite, "requests leaving the machine").toEqual([]);
  expect(v.broken, "failed local requests").toEqual([]);
  expect(v.errors, "console errors").toEqual([]);
  expect(await v.page.locator(".observablehq--error").count(), "cells that threw").toBe(0);
}

export async function marks(v: PageVisit, chart: string, kind: string): Promise<number> {
  return v.page.locator(`svg.coordsim-chart[data-chart="${chart}"] .mark.${kind}`).count();
}

/** Every axis tick label on the page. */
export async function tickLabels(v: PageVisit): Promise<string[]> {
  return v.page.locator("svg.coordsim-chart .axis .tick text").allTextContents();
}

/** A number with an SI suffix ("500m", "1.2k", "150M"): what the ticks must never show. */
export const SI_SUFFIXED = /^[−-]?[\d.,]+\s?[yzafpnµumkMGTPE]$/;

/** Charts with at least one data mark but no legend entry. */
export async function chartsWithoutLegend(v: PageVisit): Promise<string[]> {
  return v.page.locator("svg.coordsim-chart").evaluateAll((svgs) =>
    svgs.filter((s) => s.querySelector(".mark") && !s.querySelector(".legend .legend-item")).map((s) => s.getAttribute("data-chart") ?? "?"));
}
