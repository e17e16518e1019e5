"""Benchmark: the bytes a tablet downloads in child mode, measured in Chromium through the DevTools protocol.

The app runs under gunicorn (2 workers, loopback, SQLite) with the demo families. Chromium, with an iPad
profile and an empty cache, opens Ollie's "My plan meeting" and answers every question by tapping. Every
response counts, headers included: the sum of Network.loadingFinished's encodedDataLength.

- first step: everything from opening the page, through the ready screen and the tap that starts the
  conversation (the hello and the first question's audio), until the first question is on screen and the
  network is quiet; its two parts (the ready screen, then the tap) are printed beside it;
- each next step: everything from the tap on an answer until the next question is on screen and the
  network is quiet (the answer sent, its pictures, its audio);
- the offline copy: what the tablet fetches once to keep the conversation for a lost network (the
  requests made by offline.js), counted apart from the steps;
- two tablets: one without an offline copy (no service worker: each step fetches its own pictures and
  audio), and one with it (the copy has fetched them, so the steps cost little);
- the same first step on the same tablet again (cache warm), beside the cold figure: the baseline
  that shows what versioned, long-kept files save.

Targets (issue 13): first step at most 30 KB, each next step at most 15 KB, on both tablets. Exits 1
when one is missed.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from answers import free_port, prepare, serve
from playwright.sync_api import sync_playwright

from voice_capture.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_TARGET = 30 * 1024
NEXT_TARGET = 15 * 1024


class WireBytes:
    """Bytes on the wire for one page, from its DevTools Network events: the offline copy's requests
    (made by offline.js) apart, everything else into the bucket that `reset` empties."""

    def __init__(self, context, page):
        self.total = self.requests = self.copy = self.copy_requests = 0
        self.for_copy: set[str] = set()
        session = context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")

    def _sent(self, event):
        initiator = json.dumps(event.get("initiator", {}))
        # offline.js's own requests: from that module, or from its code in child mode's bundle (its `fill`)
        if "/js/offline.js" in initiator or ("talk.bundle.js" in initiator and '"functionName": "fill"' in initiator):
            self.for_copy.add(event["requestId"])

    def _finished(self, event):
        size = int(event.get("encodedDataLength", 0))
        if event["requestId"] in self.for_copy:
            self.copy += size
            self.copy_requests += 1
        else:
            self.total += size
            self.requests += 1

    def reset(self) -> tuple[int, int]:
        counted = (self.total, self.requests)
        self.total = self.requests = 0
        return counted


def settled(page) -> None:
    """The step on screen, settled, and nothing more on its way."""
    page.wait_for_selector("main.talk[data-ready=yes]")
    page.wait_for_load_state("networkidle")


def ready(page) -> None:
    """Tap the ready screen's button, and wait for the screen it leads to (the first question, on a new conversation)."""
    page.locator("#ready [data-ready-start]").tap()
    page.wait_for_selector("section.step:not(#ready):not([hidden])")


def answer(page) -> None:
    """Tap an ordinary answer to whatever the visible step asks."""
    step = page.locator("section.step:not([hidden])")
    kind = step.get_attribute("data-type")
    if kind == "own_words":
        step.locator("textarea").fill("I like my quiet room")
        step.locator("button.choice--wide").tap()
    elif kind == "several_symbols":
        step.locator(".choice--toggle input").nth(0).tap()
        step.locator("[data-done]").tap()
    else:
        step.locator(".answer button.choice:not(.choice--always)").first.tap()


def start(browser, base: str, plan_id: str, device: dict) -> tuple[str, dict]:
    """Sign in as Priya and start Ollie's conversation (not measured): its address and the signed-in state."""
    context = browser.new_context(**device, service_workers="block")
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", "priya@example.org")
    page.fill("#password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{base}/plans/{plan_id}/talk/new")
    page.get_by_label(re.compile(r"^Ollie: My plan meeting$")).check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/talk/\d+$"))
    talk_url, state = page.url, context.storage_state()
    context.close()
    return talk_url, state


NO_WORKER = "delete Navigator.prototype.serviceWorker;"  # a browser without service workers: no offline copy


def conversation_bytes(browser, base: str, plan_id: str, device: dict, *, with_copy: bool) -> dict:
    """One tablet through one conversation: the first step cold, each next step, the offline copy, and
    the first step again with the cache warm."""
    talk_url, state = start(browser, base, plan_id, device)
    context = browser.new_context(**device, storage_state=state)
    if not with_copy:
        context.add_init_script(NO_WORKER)
    page = context.new_page()
    wire = WireBytes(context, page)
    page.goto(talk_url)
    settled(page)
    on_ready = wire.reset()
    ready(page)
    settled(page)
    tapped = wire.reset()
    first = (on_ready[0] + tapped[0], on_ready[1] + tapped[1])
    if with_copy:
        page.wait_for_function("() => document.querySelector('main').dataset.offline === 'kept'", timeout=60000)
        page.wait_for_load_state("networkidle")
    wire.reset()  # what the first step's page fetched while the copy was being made, if anything
    total = int(page.locator("main").get_attribute("data-total"))
    following = []
    for position in range(1, total):
        answer(page)
        page.wait_for_selector(f"#step-{position + 1}:not([hidden])")
        settled(page)
        following.append(wire.reset())
    copied = (wire.copy, wire.copy_requests)
    again = context.new_page()
    warm_wire = WireBytes(context, again)
    again.goto(talk_url)
    settled(again)
    ready(again)
    settled(again)
    warm = warm_wire.reset()
    answer(again)  # the last question and the review, finished (not measured): the next tablet starts afresh
    again.locator("#review [data-finish-form] button").tap()
    again.wait_for_selector("#thanks:not([hidden])")
    context.close()
    return {"first": first, "parts": (on_ready, tapped), "next": following, "warm": warm, "copy": copied}


def kb(count: int) -> str:
    return f"{count / 1024:.1f} KB"


def report(name: str, figures: dict) -> bool:
    first_bytes, first_requests = figures["first"]
    warm_bytes, warm_requests = figures["warm"]
    largest = max(figures["next"], default=(0, 0))
    print(f"== {name} ==")
    print(f"{'what':<44}{'bytes':>10}{'requests':>10}{'target':>12}")
    print(f"{'first step (empty cache)':<44}{first_bytes:>10}{first_requests:>10}{kb(FIRST_TARGET):>12}")
    for part, (count, requests) in zip(("  of which: the ready screen", "  of which: the tap, to question 1"), figures["parts"]):
        print(f"{part:<44}{count:>10}{requests:>10}{'':>12}")
    for number, (count, requests) in enumerate(figures["next"], start=2):
        print(f"{f'step {number}':<44}{count:>10}{requests:>10}{kb(NEXT_TARGET):>12}")
    if figures["copy"][1]:  # a page the worker fetched is not in the page's own Network events
        print(f"{'first step again (cache warm)':<44}{'(through the worker: not counted)':>32}")
    else:
        print(f"{'first step again (cache warm: baseline)':<44}{warm_bytes:>10}{warm_requests:>10}{'':>12}")
    print(f"{'offline copy (once, after the first step)':<44}{figures['copy'][0]:>10}{figures['copy'][1]:>10}{'':>12}")
    met = first_bytes <= FIRST_TARGET and largest[0] <= NEXT_TARGET
    warm = "" if figures["copy"][1] else f"; {first_bytes / max(warm_bytes, 1):.1f} times the warm figure"
    print(f"first step {kb(first_bytes)} (target at most 30 KB{warm}), largest next step {kb(largest[0])} "
          f"(target at most 15 KB): {'met' if met else 'MISSED'}")
    return met


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-child-mode-"))
    env = prepare(folder)
    port = free_port()
    server = serve("voice_capture:create_app()", port, env)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            device = playwright.devices["iPad (gen 7)"]
            without = conversation_bytes(browser, base, env["plan_id"], device, with_copy=False)
            with_copy = conversation_bytes(browser, base, env["plan_id"], device, with_copy=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    met = [report("tablet without an offline copy (no service worker)", without),
           report("tablet with the offline copy", with_copy)]
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
