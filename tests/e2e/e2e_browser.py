"""Headless Debian Chromium for the browser tests (Playwright drives it; nothing is downloaded)."""
import os
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page, url: str, username: str, password: str) -> None:
    """Open a portal page; the portal asks for the login first, then shows it."""
    page.goto(url)
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def watch_policy_violations(page) -> list[str]:
    """Every Content-Security-Policy refusal the page logs from now on (an inline script or
    style the portal's policy blocked would otherwise fail silently)."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refused


AXE = os.path.join(os.path.dirname(__file__), "vendor", "axe.min.js")
# What fails a page: axe-core's two worst impacts, and content outside every landmark ("region",
# moderate), which a screen reader's landmark navigation skips. Other findings are reported, not failed.
FAILING_IMPACTS = ("serious", "critical")
FAILING_RULES = ("region",)


def failing(violations: list[dict]) -> list[dict]:
    return [violation for violation in violations
            if violation["impact"] in FAILING_IMPACTS or violation["id"] in FAILING_RULES]


def with_axe(context) -> None:
    """axe-core in every page this browser context opens, before the page's own scripts. An init
    script is not subject to the page's Content-Security-Policy, which stays as the portal sends it."""
    context.add_init_script(path=AXE)


def accessibility_violations(page) -> list[dict]:
    """axe-core's WCAG 2.x A/AA and best-practice checks on the page as it is shown now: each
    violation with its rule, impact, help text and (up to 5 of) the elements it found."""
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"],
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
    }""")
