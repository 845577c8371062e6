#!/usr/bin/env python3
"""Opens an HTML page in headless Chromium and checks that a person would see it whole.

    python3 scripts/check-page.py PAGE.html [--screenshot OUT.png] [--width 1200] [--height 1600] [--mobile] [--layout]

It talks to Chromium over its DevTools pipe (no network, no extra packages), loads the page, saves
a screenshot, and fails (exit 1, one line per problem on stderr) when:
  - the console shows an error, the page throws, or a resource fails to load;
  - an <img> or <object> is broken (not loaded, or zero size);
  - the page is blank: no text, or a screenshot that is one flat colour.
Exit 2 means Chromium could not be started or did not answer (the caller decides whether to skip).
"""
import argparse
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class DevTools:
    """A DevTools session over --remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4."""

    def __init__(self, binary, profile):
        # Chromium reads commands on fd 3 and writes answers on fd 4: hand it our pipes there.
        self.process = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null 2>/dev/null', binary,
             "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
             "--user-data-dir=" + profile, "about:blank"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.to_chrome = self.process.stdin.fileno()
        self.from_chrome = self.process.stdout.fileno()
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        return self.next_id

    def read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise ConnectionError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None, timeout=30):
        wanted = self.send(method, params, session)
        deadline = time.time() + timeout
        while True:
            message = self.read_message(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            message = self.read_message(deadline)
            if message.get("method") == method:
                return message
            self.events.append(message)

    def close(self):
        try:
            self.send("Browser.close")
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def png_pixels(data):
    """Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) into rows of bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG layout"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def distinct_colours(png, limit=64):
    width, height, channels, rows = png_pixels(png)
    seen = set()
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            seen.add(row[x * channels:x * channels + 3])
            if len(seen) >= limit:
                return len(seen)
    return len(seen)


CHECK_SCRIPT = """(() => {
  const broken = [];
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) broken.push(img.getAttribute('src'));
  }
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) broken.push('inline svg #' + (svg.id || '?'));
  }
  return JSON.stringify({
    broken,
    text: (document.body ? document.body.innerText : '').trim().length,
    height: document.documentElement.scrollHeight,
    images: document.images.length + document.querySelectorAll('svg').length,
    title: document.title
  });
})()"""


LAYOUT_SCRIPT = """(() => {
  const images = [...document.images].map(img => ({
    src: img.getAttribute('src'), width: Math.round(img.getBoundingClientRect().width),
    natural: Number(img.getAttribute('width')) || img.naturalWidth }));
  // Inline code in captions: each piece of a wrapped code stays inside its own line.
  let tallest = 0, lineHeight = 0, overlaps = 0, wrapped = 0;
  for (const caption of document.querySelectorAll('figcaption')) {
    lineHeight = parseFloat(getComputedStyle(caption).lineHeight);
    const pieces = [...caption.querySelectorAll('code')].flatMap(code => [...code.getClientRects()]);
    for (let i = 0; i < pieces.length; i++) {
      tallest = Math.max(tallest, pieces[i].height);
      if (i > 0 && pieces[i].top > pieces[i - 1].top + 1) {
        wrapped += 1;
        if (pieces[i].top < pieces[i - 1].bottom - 0.01) overlaps += 1;
      }
    }
  }
  // What sticks out of the page sideways (outside a frame that scrolls), outermost first.
  const limit = document.documentElement.clientWidth + 1, outside = [];
  const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX === 'auto') return true; return false; };
  for (const el of document.body.querySelectorAll('*')) {
    if (outside.length < 5 && el.getBoundingClientRect().right > limit && !inScroller(el) && !outside.some(o => o.contains(el))) outside.push(el);
  }
  return JSON.stringify({ viewport: window.innerWidth, pageWidth: document.documentElement.scrollWidth, images,
                          outside: outside.map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')),
                          captionCode: { lineHeight, tallest: Math.round(tallest * 100) / 100, wrapped, overlaps } });
})()"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page")
    parser.add_argument("--screenshot")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--mobile", action="store_true", help="emulate a phone (the page's viewport meta applies)")
    parser.add_argument("--layout", action="store_true",
                        help="also print, as one JSON line, each image's shown and own width and how inline code in captions wraps")
    args = parser.parse_args()

    binary = chromium_binary()
    if not binary:
        print("check-page: no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    page = os.path.abspath(args.page)
    if not os.path.isfile(page):
        print(f"check-page: {args.page}: no such file", file=sys.stderr)
        return 1

    problems = []
    profile = tempfile.mkdtemp(prefix="nnviz-chromium-")
    tools = None
    try:
        tools = DevTools(binary, profile)
        target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            tools.call(domain + ".enable", session=session)
        tools.call("Emulation.setDeviceMetricsOverride",
                   {"width": args.width, "height": args.height, "deviceScaleFactor": 1, "mobile": args.mobile}, session=session)
        tools.call("Page.navigate", {"url": "file://" + page}, session=session)
        tools.wait_for("Page.loadEventFired")
        time.sleep(0.3)
        report = json.loads(tools.call("Runtime.evaluate", {"expression": CHECK_SCRIPT, "returnByValue": True},
                                       session=session)["result"]["value"])
        layout = tools.call("Runtime.evaluate", {"expression": LAYOUT_SCRIPT, "returnByValue": True},
                            session=session)["result"]["value"] if args.layout else None
        shot = base64.b64decode(tools.call("Page.captureScreenshot", {"format": "png"}, session=session)["data"])
        for event in tools.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                problems.append("console error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                problems.append("uncaught exception: " + params.get("exceptionDetails", {}).get("text", "?"))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                problems.append(f"console error: {entry.get('text', '')} {entry.get('url', '')}".strip())
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                problems.append(f"failed to load a resource: {params.get('errorText', '?')}")
    except (TimeoutError, ConnectionError, RuntimeError, OSError) as error:
        print(f"check-page: Chromium did not render {args.page}: {error}", file=sys.stderr)
        return 2
    finally:
        if tools:
            tools.close()
        shutil.rmtree(profile, ignore_errors=True)

    for source in report["broken"]:
        problems.append(f"image not shown: {source}")
    if report["text"] == 0:
        problems.append("the page has no text")
    colours = distinct_colours(shot)
    if colours < 3:
        problems.append(f"the screenshot is blank ({colours} colour(s))")
    if args.screenshot:
        with open(args.screenshot, "wb") as out:
            out.write(shot)
    for problem in problems:
        print(f"{args.page}: {problem}", file=sys.stderr)
    if layout:
        print(layout)
    print(f"{args.page}: '{report['title']}', {report['images']} images, {report['text']} characters of text, "
          f"{colours}+ colours on screen, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
