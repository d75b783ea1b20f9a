"""Screenshots of the collections workflow in the demo database, for the README.

Run by scripts/demo.sh once the demo is built, against the HTTP server it already runs:
headless Chromium driven through the DevTools protocol, logged in as the demo's admin.

    python screenshots.py BASE_URL DATABASE OUTPUT_DIR
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import requests
import websocket

BASE, DATABASE, OUTPUT = sys.argv[1:4]
DEBUG_PORT = int(os.environ.get("DUNNING_CHROME_PORT", "9229"))
WIDTH, HEIGHT = 1440, 900


def rpc(session, model, method, *args, **kwargs):
    response = session.post(
        BASE + "/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        },
    ).json()
    if "error" in response:
        raise RuntimeError(response["error"]["data"]["message"])
    return response["result"]


class Page:
    """One Chromium tab, driven over the DevTools protocol."""

    def __init__(self, url):
        self.socket = websocket.create_connection(url, timeout=60)
        self.counter = 0

    def call(self, method, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate("!!document.querySelector(%s)" % json.dumps(selector)):
                return
            time.sleep(0.25)
        raise TimeoutError("%s never appeared" % selector)

    def shoot(self, name, url, ready, click=None, settle=None):
        self.call("Page.navigate", url=BASE + url)
        time.sleep(1)
        self.wait_for(ready)
        if click:
            self.wait_for(click)
            self.evaluate("document.querySelector(%s).click()" % json.dumps(click))
        if settle:
            self.wait_for(settle)
        time.sleep(1.5)  # charts and pivots draw after their data arrives
        shot = self.call("Page.captureScreenshot", format="png")
        path = os.path.join(OUTPUT, name)
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        print("  %s" % path)


def main():
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        sys.exit("no Chromium found (apt-get install chromium): screenshots not taken")
    os.makedirs(OUTPUT, exist_ok=True)
    session = requests.Session()
    login = session.post(
        BASE + "/web/session/authenticate",
        json={"jsonrpc": "2.0", "method": "call", "params": {"db": DATABASE, "login": "admin", "password": "admin"}},
    ).json()
    if "error" in login:
        sys.exit("cannot log in to %s: %s" % (DATABASE, login["error"]["data"]["message"]))

    def move_id(partner):
        return rpc(
            session,
            "account.move",
            "search",
            [("partner_id.name", "=", partner), ("move_type", "=", "out_invoice")],
            limit=1,
        )[0]

    garage, old_debtor, consumer = move_id("Garage Leroy SARL"), move_id("Marc Lefèvre"), move_id("Claire Dupont")
    garage_partner = rpc(session, "res.partner", "search", [("name", "=", "Garage Leroy SARL")], limit=1)[0]
    files = rpc(session, "account.dunning.escalation", "search", [], order="id", limit=1)
    plans = rpc(session, "account.dunning.plan", "search", [], order="id", limit=1)

    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--remote-debugging-port=%d" % DEBUG_PORT,
            "--user-data-dir=%s" % profile,
            "--window-size=%d,%d" % (WIDTH, HEIGHT),
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(60):
            try:
                targets = requests.get("http://127.0.0.1:%d/json/list" % DEBUG_PORT, timeout=2).json()
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            sys.exit("Chromium did not start")
        page = Page(next(target for target in targets if target["type"] == "page")["webSocketDebuggerUrl"])
        page.call("Network.enable")
        page.call("Network.setCookie", name="session_id", value=session.cookies["session_id"], url=BASE)
        page.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)
        invoices = "/odoo/action-account.action_move_out_invoice_type/%d"
        page.shoot("invoice-dunning-tab.png", invoices % garage, ".o_form_view", click="a[name='dunning']")
        followup = "/odoo/action-account_dunning_fr.action_dunning_followup"
        page.shoot("customers-to-follow.png", followup, ".o_list_view .o_data_row")
        page.shoot(
            "customer-followup.png",
            "%s/%d" % (followup, garage_partner),
            ".o_form_view .o_field_widget[name='dunning_open_invoice_ids'] .o_data_row",
        )
        page.shoot("invoice-prescription-events.png", invoices % old_debtor, ".o_form_view", click="a[name='dunning']")
        page.shoot(
            "escalation-wizard.png",
            invoices % consumer,
            ".o_form_view",
            click="button[name='action_dunning_escalate']",
            settle=".modal .o_form_view",
        )
        if plans:
            page.shoot(
                "payment-plan.png",
                "/odoo/action-account_dunning_fr.action_account_dunning_plan/%d" % plans[0],
                ".o_form_view",
            )
        page.shoot("letters.png", "/odoo/action-account_dunning_fr.action_account_dunning_letter", ".o_list_view")
        page.shoot("promises.png", "/odoo/action-account_dunning_fr.action_account_dunning_promise", ".o_list_view")
        page.shoot(
            "prescription-list.png", "/odoo/action-account_dunning_fr.action_move_dunning_prescription", ".o_list_view"
        )
        if files:
            page.shoot(
                "escalation-file.png",
                "/odoo/action-account_dunning_fr.action_account_dunning_escalation/%d" % files[0],
                ".o_form_view",
            )
        page.shoot(
            "recovery-by-level.png",
            "/odoo/action-account_dunning_fr.action_account_dunning_recovery_report",
            ".o_pivot",
        )
        page.shoot("aging.png", "/odoo/action-account_dunning_fr.action_account_dunning_aging_report", ".o_pivot")
        page.shoot(
            "dso-by-tag.png", "/odoo/action-account_dunning_fr.action_account_dunning_dso_report", ".o_graph_renderer"
        )
    finally:
        chrome.terminate()
        chrome.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
