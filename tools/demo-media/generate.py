#!/usr/bin/env python3
"""Regenerates the Sakura Contents demo media.

Running this script rewrites every file in shop/src/main/resources/demo/
(relative to the repository root): catalog.json, the five content files
(wallpaper.png, ringtone.wav, game.html, ebook.epub, video.gif) and their five
240x240 catalog pictures (*-picture.png).

Only the Python 3 standard library is used (zlib/struct for PNG and GIF,
wave for WAV, zipfile for EPUB). Every random choice comes from a fixed seed
and no timestamps are embedded, so the output is reproducible.

Usage (from the repository root or anywhere else):
    python3 tools/demo-media/generate.py
"""
import json
import math
import os
import random
import struct
import wave
import zipfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "shop", "src", "main", "resources", "demo")

TAU = 2 * math.pi


# ---------------------------------------------------------------------------
# Small anti-aliased RGB raster (signed-distance shapes)
# ---------------------------------------------------------------------------

def hexc(s):
    s = s.lstrip("#")
    return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))


def col(c):
    return hexc(c) if isinstance(c, str) else c


def mix(c1, c2, t):
    c1, c2 = col(c1), col(c2)
    return tuple(a + (b - a) * t for a, b in zip(c1, c2))


def clamp01(v):
    return 0.0 if v < 0 else 1.0 if v > 1 else v


def sd_circle(cx, cy, r):
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def sd_ellipse(cx, cy, a, b, ang):
    ca, sa = math.cos(ang), math.sin(ang)

    def f(x, y):
        dx, dy = x - cx, y - cy
        u, v = dx * ca + dy * sa, -dx * sa + dy * ca
        k = math.hypot(u / a, v / b)
        if k < 1e-9:
            return -min(a, b)
        return k * (k - 1) / math.hypot(u / (a * a), v / (b * b))
    return f


def sd_capsule(x0, y0, x1, y1, r0, r1):
    dx, dy = x1 - x0, y1 - y0
    l2 = dx * dx + dy * dy or 1e-9

    def f(x, y):
        t = clamp01(((x - x0) * dx + (y - y0) * dy) / l2)
        return math.hypot(x - x0 - dx * t, y - y0 - dy * t) - (r0 + (r1 - r0) * t)
    return f


def sd_rbox(cx, cy, hw, hh, r):
    def f(x, y):
        qx, qy = abs(x - cx) - hw + r, abs(y - cy) - hh + r
        return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - r
    return f


def sd_poly(pts):
    n = len(pts)

    def f(x, y):
        best, inside = 1e18, False
        for i in range(n):
            ax, ay = pts[i]
            bx, by = pts[i - 1]
            ex, ey = bx - ax, by - ay
            l2 = ex * ex + ey * ey or 1e-9
            t = clamp01(((x - ax) * ex + (y - ay) * ey) / l2)
            d = math.hypot(x - ax - ex * t, y - ay - ey * t)
            if d < best:
                best = d
            if (ay > y) != (by > y) and x < ax + (y - ay) * ex / (by - ay):
                inside = not inside
        return -best if inside else best
    return f


def sd_arc(cx, cy, r, width, a0, a1):
    """Ring segment between angles a0..a1 (radians, -pi..pi) with round caps."""
    ends = [(cx + r * math.cos(a), cy + r * math.sin(a)) for a in (a0, a1)]

    def f(x, y):
        ang = math.atan2(y - cy, x - cx)
        if a0 <= ang <= a1:
            return abs(math.hypot(x - cx, y - cy) - r) - width / 2
        return min(math.hypot(x - ex, y - ey) for ex, ey in ends) - width / 2
    return f


def sd_sub(f, g):
    return lambda x, y: max(f(x, y), -g(x, y))


def sd_union(*fs):
    return lambda x, y: min(f(x, y) for f in fs)


class Canvas:
    def __init__(self, w, h, bg=(0, 0, 0)):
        self.w, self.h = w, h
        self.buf = bytearray(bytes(col(bg)) * (w * h))
        self.clip = (0, 0, w, h)

    def set_clip(self, x0=0, y0=0, x1=None, y1=None):
        self.clip = (max(0, int(x0)), max(0, int(y0)),
                     min(self.w, int(self.w if x1 is None else x1)),
                     min(self.h, int(self.h if y1 is None else y1)))

    def blend(self, x, y, c, a):
        i = (y * self.w + x) * 3
        b = self.buf
        if a >= 1.0:
            b[i], b[i + 1], b[i + 2] = int(c[0] + 0.5), int(c[1] + 0.5), int(c[2] + 0.5)
        elif a > 0.0:
            b[i] = int(b[i] + (c[0] - b[i]) * a + 0.5)
            b[i + 1] = int(b[i + 1] + (c[1] - b[i + 1]) * a + 0.5)
            b[i + 2] = int(b[i + 2] + (c[2] - b[i + 2]) * a + 0.5)

    def _range(self, x0, y0, x1, y1):
        cx0, cy0, cx1, cy1 = self.clip
        return (range(max(int(math.floor(y0)) - 1, cy0), min(int(math.ceil(y1)) + 1, cy1)),
                range(max(int(math.floor(x0)) - 1, cx0), min(int(math.ceil(x1)) + 1, cx1)))

    def shape(self, sdf, bbox, c, alpha=1.0):
        c = col(c)
        rows, cols = self._range(*bbox)
        for y in rows:
            fy = y + 0.5
            for x in cols:
                d = sdf(x + 0.5, fy)
                if d < 0.5:
                    self.blend(x, y, c, (1.0 if d <= -0.5 else 0.5 - d) * alpha)

    # convenience shapes -------------------------------------------------
    def circle(self, cx, cy, r, c, alpha=1.0):
        self.shape(sd_circle(cx, cy, r), (cx - r, cy - r, cx + r, cy + r), c, alpha)

    def ellipse(self, cx, cy, a, b, ang, c, alpha=1.0):
        m = max(a, b)
        self.shape(sd_ellipse(cx, cy, a, b, ang), (cx - m, cy - m, cx + m, cy + m), c, alpha)

    def capsule(self, x0, y0, x1, y1, r0, r1, c, alpha=1.0):
        m = max(r0, r1)
        self.shape(sd_capsule(x0, y0, x1, y1, r0, r1),
                   (min(x0, x1) - m, min(y0, y1) - m, max(x0, x1) + m, max(y0, y1) + m), c, alpha)

    def rbox(self, x0, y0, x1, y1, r, c, alpha=1.0):
        self.shape(sd_rbox((x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2, r),
                   (x0, y0, x1, y1), c, alpha)

    def poly(self, pts, c, alpha=1.0):
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        self.shape(sd_poly(pts), (min(xs), min(ys), max(xs), max(ys)), c, alpha)

    def arc(self, cx, cy, r, width, a0, a1, c, alpha=1.0):
        m = r + width
        self.shape(sd_arc(cx, cy, r, width, a0, a1), (cx - m, cy - m, cx + m, cy + m), c, alpha)

    def glow(self, cx, cy, r, c, amax):
        c = col(c)
        rows, cols = self._range(cx - r, cy - r, cx + r, cy + r)
        for y in rows:
            for x in cols:
                d = math.hypot(x + 0.5 - cx, y + 0.5 - cy) / r
                if d < 1:
                    self.blend(x, y, c, amax * (1 - d) ** 2)

    def vgradient(self, y0, y1, stops):
        """Fill the clip rectangle with a vertical gradient; stops = [(t, color), ...]."""
        stops = [(t, col(c)) for t, c in stops]
        cx0, cy0, cx1, cy1 = self.clip
        for y in range(cy0, cy1):
            t = clamp01((y + 0.5 - y0) / (y1 - y0))
            for (ta, ca), (tb, cb) in zip(stops, stops[1:]):
                if t <= tb:
                    c = mix(ca, cb, (t - ta) / (tb - ta) if tb > ta else 0)
                    break
            else:
                c = stops[-1][1]
            px = bytes(int(v + 0.5) for v in c)
            i = (y * self.w + cx0) * 3
            self.buf[i:i + (cx1 - cx0) * 3] = px * (cx1 - cx0)

    def fill_between(self, top, bottom, c, alpha=1.0):
        """For every column x fill from y=top(x) down to y=bottom(x) (canvas coords)."""
        c = col(c)
        cx0, cy0, cx1, cy1 = self.clip
        for x in range(cx0, cx1):
            t, b = top(x + 0.5), bottom(x + 0.5)
            if b <= t:
                continue
            for y in range(max(int(math.floor(t)), cy0), min(int(math.ceil(b)), cy1)):
                cov = min(y + 1, b) - max(y, t)
                if cov > 0:
                    self.blend(x, y, c, min(cov, 1.0) * alpha)

    def png(self):
        return png_bytes(self.w, self.h, self.buf)


def png_bytes(w, h, rgb):
    """Encode 8-bit RGB pixels as PNG, choosing a filter per row (min-sum-abs heuristic)."""
    stride = w * 3
    prev = bytes(stride)
    raw = bytearray()
    for y in range(h):
        row = bytes(rgb[y * stride:(y + 1) * stride])
        left = bytes(3) + row[:-3]
        upleft = bytes(3) + prev[:-3]
        cands = [
            (0, row),
            (1, bytes((a - b) & 255 for a, b in zip(row, left))),
            (2, bytes((a - b) & 255 for a, b in zip(row, prev))),
            (3, bytes((a - ((b + c) >> 1)) & 255 for a, b, c in zip(row, left, prev))),
        ]
        paeth = bytearray(stride)
        for i in range(stride):
            a, b, c = left[i], prev[i], upleft[i]
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if (pa <= pb and pa <= pc) else (b if pb <= pc else c)
            paeth[i] = (row[i] - pr) & 255
        cands.append((4, bytes(paeth)))
        ftype, data = min(cands, key=lambda fd: sum(v if v < 128 else 256 - v for v in fd[1]))
        raw.append(ftype)
        raw += data
        prev = row

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------
# Drawing helpers shared by the pictures
# ---------------------------------------------------------------------------

PINKS = ["#ffb7c9", "#ffc9d6", "#f7a1b8", "#ffdce6", "#fbb0c4"]


def petal(cv, cx, cy, size, ang, c, alpha=1.0):
    """A cherry petal: an ellipse with a small notch at its outer tip."""
    ell = sd_ellipse(cx, cy, size, size * 0.62, ang)
    tx, ty = cx + math.cos(ang) * size * 1.05, cy + math.sin(ang) * size * 1.05
    notch = sd_circle(tx, ty, size * 0.3)
    cv.shape(sd_sub(ell, notch), (cx - size, cy - size, cx + size, cy + size), c, alpha)


def blossom(cv, cx, cy, r, ang, c="#ffc4d3", alpha=1.0):
    for k in range(5):
        th = ang + k * TAU / 5
        petal(cv, cx + math.cos(th) * r * 0.5, cy + math.sin(th) * r * 0.5, r * 0.52, th, c, alpha)
    cv.circle(cx, cy, r * 0.2, "#e0668c", alpha)
    if r >= 6:  # stamens only where they are big enough to read as dots
        for k in range(5):
            th = ang + (k + 0.5) * TAU / 5
            cv.circle(cx + math.cos(th) * r * 0.3, cy + math.sin(th) * r * 0.3, r * 0.06, "#ffd86b", alpha)


def draw_scene(cv, ox, oy, s, seed=2024):
    """The cherry-blossom evening scene, designed on a 360x640 grid, mapped by x*s+ox, y*s+oy."""
    rng = random.Random(seed)

    def X(x):
        return ox + x * s

    def Y(y):
        return oy + y * s

    def between(top, bottom, c, alpha=1.0):
        cv.fill_between(lambda x: Y(top((x - ox) / s)), lambda x: Y(bottom((x - ox) / s)), c, alpha)

    cv.vgradient(Y(0), Y(640), [(0, "#23265f"), (0.3, "#5b4a9a"), (0.55, "#c884b8"),
                                (0.68, "#f7b2c4"), (0.74, "#ffd9bd"), (1, "#ffd9bd")])
    for _ in range(30):
        x, y = rng.uniform(0, 360), rng.uniform(0, 230)
        cv.circle(X(x), Y(y), max(rng.uniform(0.6, 1.5) * s, 0.45), "#ffffff",
                  rng.uniform(0.4, 0.9) * (1 - y / 280))
    cv.glow(X(302), Y(272), 150 * s, "#fff0dc", 0.6)
    cv.circle(X(302), Y(272), 22 * s, "#fff6ea", 0.95)

    def fuji(x):
        u = min(1.0, max(0.0, abs(x - 252) - 11) / 170)
        return 352 + 128 * u ** 0.62

    between(fuji, lambda x: 530, "#7c69a9")
    between(fuji, lambda x: 382 + 6 * math.sin(x * 0.23) + 4 * math.sin(x * 0.53 + 1), "#f6f0fb")
    # soft haze at the foot of the mountain
    cv.glow(X(252), Y(480), 150 * s, "#ffd7cf", 0.35)

    def far(x):
        return 470 + 14 * math.sin(x * 0.021 + 0.8) + 7 * math.sin(x * 0.057 + 2)

    between(far, lambda x: 660, "#9a78b2")
    # groves of blossoming trees along the ridge (pink circles)
    for _ in range(46):
        x = rng.uniform(-10, 370)
        cv.circle(X(x), Y(far(x) + rng.uniform(-2, 10)), rng.uniform(5, 11) * s,
                  rng.choice(["#e7a3c6", "#f3b6cf", "#d890bd"]), rng.uniform(0.55, 0.9))

    def mid(x):
        return 512 + 16 * math.sin(x * 0.015 + 2.5) + 6 * math.sin(x * 0.07)

    between(mid, lambda x: 660, "#6c5794")
    for _ in range(34):
        x = rng.uniform(-10, 370)
        cv.circle(X(x), Y(mid(x) + rng.uniform(0, 10)), rng.uniform(6, 13) * s,
                  rng.choice(["#c9789f", "#d98aae", "#b96a95"]), rng.uniform(0.5, 0.85))

    def ground(x):
        return 572 + 9 * math.sin(x * 0.012 + 1) + 4 * math.sin(x * 0.05 + 0.3)

    between(ground, lambda x: 660, "#44345f")
    for _ in range(70):
        x, y = rng.uniform(0, 360), rng.uniform(582, 640)
        petal(cv, X(x), Y(y), rng.uniform(2, 4) * s, rng.uniform(0, TAU),
              rng.choice(PINKS), rng.uniform(0.5, 0.9))

    # trees -------------------------------------------------------------
    clusters = []
    trunk = "#3a2532"

    def branch(x, y, ang, length, width, depth):
        bend = rng.uniform(-0.25, 0.25)
        mx, my = x + math.cos(ang + bend) * length * 0.5, y + math.sin(ang + bend) * length * 0.5
        x2, y2 = mx + math.cos(ang - bend) * length * 0.5, my + math.sin(ang - bend) * length * 0.5
        w1, w2 = width * 0.84, width * 0.68
        cv.capsule(X(x), Y(y), X(mx), Y(my), width / 2 * s, w1 / 2 * s, trunk)
        cv.capsule(X(mx), Y(my), X(x2), Y(y2), w1 / 2 * s, w2 / 2 * s, trunk)
        if depth <= 1:
            clusters.append((x2, y2, 18 if depth == 0 else 24))
        if depth == 0:
            return
        n = 3 if rng.random() < 0.3 else 2
        for k in range(n):
            spread = rng.uniform(0.28, 0.62) * (1 if k % 2 == 0 else -1)
            if k == 2:
                spread = rng.uniform(-0.1, 0.1)
            branch(x2, y2, ang + spread, length * rng.uniform(0.64, 0.8), w2, depth - 1)

    branch(6, 690, -1.32, 134, 30, 5)
    branch(378, 24, math.pi - 0.28, 84, 16, 3)

    for x, y, sz in clusters:
        for _ in range(rng.randint(4, 7)):
            cv.circle(X(x + rng.gauss(0, sz * 0.7)), Y(y + rng.gauss(0, sz * 0.6)),
                      rng.uniform(0.5, 1.0) * sz * s, rng.choice(PINKS), rng.uniform(0.35, 0.6))
    for x, y, sz in clusters:
        for _ in range(rng.randint(2, 4)):
            blossom(cv, X(x + rng.gauss(0, sz * 0.8)), Y(y + rng.gauss(0, sz * 0.7)),
                    rng.uniform(6, 10) * s, rng.uniform(0, TAU), rng.choice(["#ffc4d3", "#ffd6e1", "#ffb3c7"]))

    for _ in range(44):
        petal(cv, X(rng.uniform(0, 360)), Y(rng.uniform(60, 600)), rng.uniform(3, 6) * s,
              rng.uniform(0, TAU), rng.choice(PINKS), rng.uniform(0.65, 0.95))


def make_wallpaper():
    cv = Canvas(360, 640)
    draw_scene(cv, 0, 0, 1.0)
    return cv.png()


# ---------------------------------------------------------------------------
# 240x240 catalog pictures
# ---------------------------------------------------------------------------

def picture_wallpaper():
    cv = Canvas(240, 240)
    cv.vgradient(0, 240, [(0, "#ffe6ee"), (1, "#ffb9cd")])
    cv.glow(120, 120, 130, "#ffffff", 0.55)
    rng = random.Random(11)
    for _ in range(14):
        petal(cv, rng.uniform(0, 240), rng.uniform(0, 240), rng.uniform(4, 8), rng.uniform(0, TAU),
              rng.choice(["#f48fb1", "#f7a1b8", "#ffffff"]), rng.uniform(0.5, 0.9))
    cv.rbox(70, 27, 178, 221, 18, "#9c6f8a", 0.35)          # shadow
    cv.rbox(64, 20, 174, 216, 18, "#2a2438")                 # phone body
    cv.set_clip(70, 32, 168, 206)                             # screen 98x174
    draw_scene(cv, 70, 32, 98 / 360)
    cv.set_clip()
    cv.rbox(104, 25, 134, 28, 1.5, "#4a4160")                # speaker slot
    cv.circle(119, 211, 3, "#4a4160")
    blossom(cv, 182, 58, 30, 0.3, "#ffc4d3")
    blossom(cv, 56, 186, 22, 1.0, "#ffd6e1")
    blossom(cv, 196, 196, 14, 0.6, "#ffb3c7")
    return cv.png()


def picture_ringtone():
    cv = Canvas(240, 240)
    cv.vgradient(0, 240, [(0, "#6f63e8"), (1, "#c7b8ff")])
    cv.glow(120, 128, 120, "#ffffff", 0.35)
    cv.circle(120, 124, 78, "#ffffff", 0.16)
    white = "#ffffff"
    # sound waves
    for i, r in enumerate((92, 106, 120)):
        cv.arc(120, 124, r, 6, -0.55, 0.55, white, 0.85 - i * 0.22)
        cv.arc(120, 124, r, 6, math.pi - 0.55, math.pi, white, 0.85 - i * 0.22)
        cv.arc(120, 124, r, 6, -math.pi, -math.pi + 0.55, white, 0.85 - i * 0.22)
    # two beamed eighth notes
    dark = "#3b2f8f"
    for (hx, hy), top in (((92, 160), 70), ((152, 146), 56)):
        cv.ellipse(hx, hy, 19, 13, -0.45, dark)
        cv.capsule(hx + 16, hy - 4, hx + 16, top, 3.5, 3.5, dark)
    cv.poly([(105.5, 62), (171.5, 48), (171.5, 66), (105.5, 80)], dark)
    blossom(cv, 58, 58, 26, 0.2, "#ffc4d3")
    blossom(cv, 190, 196, 18, 0.9, "#ffd6e1")
    rng = random.Random(12)
    for _ in range(8):
        petal(cv, rng.uniform(10, 230), rng.uniform(10, 230), rng.uniform(4, 7), rng.uniform(0, TAU),
              rng.choice(["#ffc4d3", "#ffe0ea"]), 0.85)
    return cv.png()


def picture_game():
    cv = Canvas(240, 240)
    cv.vgradient(0, 240, [(0, "#1f8f86"), (0.7, "#7fd8c8"), (1, "#c8f1e6")])
    cv.glow(120, 90, 120, "#ffffff", 0.3)
    cv.fill_between(lambda x: 196 + 6 * math.sin(x * 0.04), lambda x: 240, "#3f7a5a")
    # falling petals with little motion trails
    for x, y, size, ang in ((60, 52, 15, 0.6), (150, 36, 12, 2.2), (188, 104, 16, 1.2),
                            (98, 112, 13, 4.0), (40, 132, 9, 5.0)):
        cv.capsule(x, y - 30, x, y - 8, 0.5, 2.2, "#ffffff", 0.45)
        petal(cv, x, y, size, ang, "#ff9fbb")
        cv.ellipse(x - size * 0.2, y - size * 0.15, size * 0.35, size * 0.15, ang, "#ffffff", 0.6)
    # basket
    cv.poly([(62, 160), (178, 160), (164, 214), (76, 214)], "#a8672f")
    for y in (174, 188, 202):
        cv.capsule(64 + (y - 160) * 0.25, y, 176 - (y - 160) * 0.25, y, 1.6, 1.6, "#6e3d1c")
    for x in (92, 120, 148):
        cv.capsule(x + (x - 120) * 0.05, 162, x - (x - 120) * 0.1, 212, 1.6, 1.6, "#6e3d1c", 0.7)
    petal(cv, 104, 158, 12, -1.9, "#ffb3c7")
    petal(cv, 134, 156, 11, -1.2, "#ffc4d3")
    cv.rbox(54, 152, 186, 166, 7, "#d08a4c")
    # lives / hud dots
    for i in range(3):
        blossom(cv, 24 + i * 24, 22, 9, 0.3, "#ffd6e1")
    return cv.png()


def picture_ebook():
    cv = Canvas(240, 240)
    cv.vgradient(0, 240, [(0, "#ffe9c7"), (1, "#f6a95e")])
    cv.glow(120, 110, 130, "#fff7e8", 0.6)
    # closed cover behind the open pages, then the two pages
    cv.poly([(22, 76), (120, 96), (218, 76), (218, 196), (120, 214), (22, 196)], "#8a3f2a", 0.35)
    cv.poly([(18, 68), (120, 88), (222, 68), (222, 190), (120, 208), (18, 190)], "#9c2f3f")
    cv.poly([(26, 60), (118, 80), (118, 198), (26, 180)], "#fffaf0")
    cv.poly([(122, 80), (214, 60), (214, 180), (122, 198)], "#fff3e2")
    cv.capsule(120, 80, 120, 200, 1.5, 1.5, "#d9c3a5")
    # lines of text on the left page
    for i in range(7):
        y = 84 + i * 13
        cv.capsule(38, y, 106, y + 15, 1.6, 1.6, "#b8a48c")
    # a blossom illustration on the right page
    cv.capsule(142, 170, 196, 112, 2.5, 1.5, "#6b4a3a")
    blossom(cv, 168, 118, 20, 0.2, "#ffb3c7")
    blossom(cv, 194, 146, 13, 0.9, "#ffc4d3")
    blossom(cv, 150, 160, 10, 0.5, "#ffd6e1")
    # ribbon bookmark
    cv.poly([(112, 196), (128, 196), (128, 232), (120, 224), (112, 232)], "#e0668c")
    rng = random.Random(13)
    for _ in range(7):
        petal(cv, rng.uniform(10, 230), rng.uniform(8, 54), rng.uniform(4, 7), rng.uniform(0, TAU),
              rng.choice(["#f48fb1", "#ffb3c7"]), 0.85)
    return cv.png()


def picture_video():
    cv = Canvas(240, 240)
    cv.vgradient(0, 240, [(0, "#172238"), (1, "#3a4f7a")])
    cv.glow(120, 120, 130, "#8fa8ff", 0.25)
    cv.rbox(14, 50, 226, 190, 8, "#0d0d14")                  # film strip
    for x in range(24, 220, 20):
        cv.rbox(x, 56, x + 10, 66, 2, "#d9dce6")
        cv.rbox(x, 174, x + 10, 184, 2, "#d9dce6")
    cv.set_clip(26, 74, 214, 166)                            # frame 188x92
    draw_scene(cv, 26, 74 - 300 * 0.52, 0.52)
    cv.set_clip()
    cv.circle(120, 120, 28, "#ffffff", 0.8)
    cv.poly([(110, 104), (110, 136), (138, 120)], "#e0668c")
    rng = random.Random(14)
    for _ in range(10):
        petal(cv, rng.uniform(10, 230), rng.choice([rng.uniform(8, 44), rng.uniform(196, 232)]),
              rng.uniform(4, 8), rng.uniform(0, TAU), rng.choice(["#ffb3c7", "#ffd6e1"]), 0.9)
    return cv.png()


# ---------------------------------------------------------------------------
# Animated GIF (160x120, looping) - hand-written GIF89a + LZW encoder
# ---------------------------------------------------------------------------

def lzw_encode(indices, min_code):
    clear, eoi = 1 << min_code, (1 << min_code) + 1
    out, acc, nbits = bytearray(), 0, 0
    code_size = min_code + 1

    def emit(code):
        nonlocal acc, nbits
        acc |= code << nbits
        nbits += code_size
        while nbits >= 8:
            out.append(acc & 255)
            acc >>= 8
            nbits -= 8

    table, next_code = {}, eoi + 1
    emit(clear)
    prefix = indices[0]
    for k in indices[1:]:
        key = (prefix << 8) | k
        code = table.get(key)
        if code is not None:
            prefix = code
            continue
        emit(prefix)
        if next_code < 4095:
            table[key] = next_code
            next_code += 1
            if next_code > (1 << code_size) and code_size < 12:
                code_size += 1
        else:
            emit(clear)
            table, next_code, code_size = {}, eoi + 1, min_code + 1
        prefix = k
    emit(prefix)
    emit(eoi)
    if nbits:
        out.append(acc & 255)
    return bytes(out)


def gif_bytes(w, h, palette, frames, delay_cs, transparent):
    """frames: list of bytearrays of palette indices (w*h). Frames after the first are
    stored as the changed rectangle, unchanged pixels transparent (disposal: keep)."""
    bits = max(1, (len(palette) - 1).bit_length())
    size = 1 << bits
    pal = bytearray()
    for c in palette + [(0, 0, 0)] * (size - len(palette)):
        pal += bytes(c)
    min_code = max(2, bits)
    g = bytearray(b"GIF89a")
    g += struct.pack("<HHBBB", w, h, 0x80 | ((bits - 1) << 4) | (bits - 1), 0, 0) + pal
    g += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"          # loop forever
    prev = None
    for f in frames:
        if prev is None:
            x0, y0, x1, y1 = 0, 0, w, h
            data = f
        else:
            diff = [i for i in range(w * h) if f[i] != prev[i]] or [0]
            xs, ys = [i % w for i in diff], [i // w for i in diff]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs) + 1, max(ys) + 1
            data = bytearray()
            for y in range(y0, y1):
                for x in range(x0, x1):
                    i = y * w + x
                    data.append(f[i] if f[i] != prev[i] else transparent)
        packed = (1 << 2) | (1 if prev is not None else 0)
        g += struct.pack("<BBBBHBB", 0x21, 0xF9, 4, packed, delay_cs, transparent, 0)
        g += b"\x2c" + struct.pack("<HHHHB", x0, y0, x1 - x0, y1 - y0, 0)
        lz = lzw_encode(bytes(data), min_code)
        g.append(min_code)
        for i in range(0, len(lz), 255):
            g.append(len(lz[i:i + 255]))
            g += lz[i:i + 255]
        g.append(0)
        prev = f
    g.append(0x3B)
    return bytes(g)


def make_video():
    W, H, NF = 160, 120, 40
    palette = []

    def pc(c):
        palette.append(tuple(int(v + 0.5) for v in col(c)))
        return len(palette) - 1

    stops = [(0, "#23265f"), (0.35, "#5b4a9a"), (0.7, "#c884b8"), (0.88, "#f7b2c4"), (1, "#ffd9bd")]
    sky = []
    for i in range(24):
        t = i / 23
        for (ta, ca), (tb, cb) in zip(stops, stops[1:]):
            if t <= tb:
                sky.append(pc(mix(ca, cb, (t - ta) / (tb - ta))))
                break
    SUN, GLOW = pc("#fff6ea"), pc("#ffe6d6")
    FUJI, SNOW = pc("#7c69a9"), pc("#f6f0fb")
    FAR, FARB, MID, MIDB, GROUND = pc("#9a78b2"), pc("#e7a3c6"), pc("#6c5794"), pc("#c9789f"), pc("#44345f")
    TRUNK = pc("#3a2532")
    BL = [pc(c) for c in ("#ffb7c9", "#ffc9d6", "#f7a1b8", "#ffe3ea")]
    BCENTER = pc("#e0668c")
    PA, PB, PW = pc("#ffc0d0"), pc("#f58fae"), pc("#fff0f4")
    CLOUD, CLOUDS = pc("#fbe3ef"), pc("#e9c3dc")
    STAR = pc("#e8e4ff")
    TRANSPARENT = pc((0, 0, 0))
    assert len(palette) <= 64

    bayer = [[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]
    horizon = 92
    back = bytearray(W * H)                           # sky + sun + stars
    for y in range(H):
        for x in range(W):
            v = min(y / horizon, 1.0) * 23
            base = int(v)
            frac = v - base
            idx = base + (1 if frac * 16 > bayer[y % 4][x % 4] + 0.5 and base < 23 else 0)
            back[y * W + x] = sky[idx]
    rng = random.Random(77)
    for _ in range(14):
        x, y = rng.randrange(W), rng.randrange(40)
        back[y * W + x] = STAR
    for y in range(H):
        for x in range(W):
            d = math.hypot(x - 128, y - 46)
            if d < 7.5:
                back[y * W + x] = SUN
            elif d < 10 and (x + y) % 2 == 0:
                back[y * W + x] = GLOW

    NONE = 255
    front = bytearray([NONE]) * (W * H)               # mountain, hills, tree

    def fill_below(fn, c):
        for x in range(W):
            for y in range(max(0, int(round(fn(x)))), H):
                front[y * W + x] = c

    def disc(cx, cy, r, c, layer):
        for y in range(max(0, int(cy - r - 1)), min(H, int(cy + r + 2))):
            for x in range(max(0, int(cx - r - 1)), min(W, int(cx + r + 2))):
                if (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r:
                    layer[y * W + x] = c

    def fuji(x):
        u = min(1.0, max(0.0, abs(x - 112) - 4) / 76)
        return 56 + 42 * u ** 0.62

    for x in range(W):
        top = int(round(fuji(x)))
        snow = 66 + 2 * math.sin(x * 0.9) + 1.5 * math.sin(x * 0.37)
        for y in range(top, H):
            front[y * W + x] = SNOW if y < snow else FUJI
    fill_below(lambda x: 88 + 4 * math.sin(x * 0.05 + 0.8) + 2 * math.sin(x * 0.13 + 2), FAR)
    for _ in range(22):
        x = rng.uniform(0, W)
        disc(x, 88 + 4 * math.sin(x * 0.05 + 0.8) + 2, rng.uniform(2, 4), FARB, front)
    fill_below(lambda x: 100 + 5 * math.sin(x * 0.04 + 2.5) + 2 * math.sin(x * 0.17), MID)
    for _ in range(16):
        x = rng.uniform(0, W)
        disc(x, 101 + 5 * math.sin(x * 0.04 + 2.5), rng.uniform(2.5, 4.5), MIDB, front)
    fill_below(lambda x: 110 + 2 * math.sin(x * 0.03 + 1), GROUND)
    for _ in range(30):
        x, y = rng.randrange(W), rng.randrange(112, H)
        front[y * W + x] = rng.choice([PA, PB, BL[3]])

    # branch entering from the top-left corner, with blossom clusters
    ends = []

    def branch(x, y, ang, length, width, depth):
        x2, y2 = x + math.cos(ang) * length, y + math.sin(ang) * length
        steps = int(length * 2) + 1
        for i in range(steps + 1):
            t = i / steps
            disc(x + (x2 - x) * t, y + (y2 - y) * t, max(width * (1 - 0.35 * t) / 2, 0.6), TRUNK, front)
        ends.append((x2, y2))
        if depth:
            for k in (-1, 1):
                branch(x2, y2, ang + k * rng.uniform(0.3, 0.7), length * rng.uniform(0.6, 0.78),
                       width * 0.65, depth - 1)

    branch(-6, 4, 0.42, 34, 7, 3)
    for x, y in ends[1:]:
        for _ in range(rng.randint(3, 5)):
            disc(x + rng.gauss(0, 4), y + rng.gauss(0, 3), rng.uniform(1.8, 3.5), rng.choice(BL), front)
        for _ in range(2):
            front[int(min(H - 1, max(0, y + rng.gauss(0, 3)))) * W + int(min(W - 1, max(0, x + rng.gauss(0, 4))))] = BCENTER

    clouds = [[(0, 0, 5), (6, -2, 6.5), (12, 0, 5), (-6, 1, 3.5), (17, 1, 3.5)],
              [(0, 0, 4), (5, -2, 5), (10, 0, 4), (-4, 1, 3)]]
    sprites = [[" aa ", "awab", " bb "], [" a ", "aab", "abb", " b "], ["ab", "ab", " b"], [" ab", "abb", "b  "]]
    colors = {"a": PA, "b": PB, "w": PW}
    petals = []
    for _ in range(30):
        petals.append(dict(x=rng.uniform(0, W), y=rng.uniform(0, 132), k=rng.choice([1, 1, 2]),
                           amp=rng.uniform(2, 6), m=rng.choice([1, 2]), ph=rng.uniform(0, TAU),
                           spr=rng.randrange(4), cyc=rng.choice([2, 4])))

    frames = []
    for f in range(NF):
        img = bytearray(back)
        for ci, (cy, phase, shape) in enumerate(((24, 0.0, clouds[0]), (36, 0.5, clouds[1]))):
            cx = -24 + ((f / NF + phase) % 1.0) * 208
            for dx, dy, r in shape:
                for y in range(max(0, int(cy + dy - r)), min(H, int(cy + dy + r + 1))):
                    if y > cy + 3:
                        continue
                    for x in range(max(0, int(cx + dx - r)), min(W, int(cx + dx + r + 1))):
                        if (x + 0.5 - cx - dx) ** 2 + (y + 0.5 - cy - dy) ** 2 <= r * r:
                            img[y * W + x] = CLOUDS if y >= cy + 2 else CLOUD
        for i in range(W * H):
            if front[i] != NONE:
                img[i] = front[i]
        for p in petals:
            y = int((p["y"] + p["k"] * f * 132 / NF) % 132) - 8
            x = int(round(p["x"] + p["amp"] * math.sin(TAU * p["m"] * f / NF + p["ph"])))
            spr = sprites[(p["spr"] + f * p["cyc"] * 4 // NF) % 4]
            for sy, line in enumerate(spr):
                for sx, ch in enumerate(line):
                    if ch != " " and 0 <= x + sx < W and 0 <= y + sy < H:
                        img[(y + sy) * W + x + sx] = colors[ch]
        frames.append(img)
    return gif_bytes(W, H, palette, frames, 7, TRANSPARENT)


# ---------------------------------------------------------------------------
# Ringtone: a short bell-like melody, mono 16-bit PCM, 16 kHz
# ---------------------------------------------------------------------------

def make_ringtone():
    rate, seconds = 16000, 2.6
    n = int(rate * seconds)
    buf = [0.0] * n

    def note_freq(name):
        names = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}
        return 440.0 * 2 ** ((names[name[0]] + 12 * (int(name[1:]) - 4)) / 12)

    # (start seconds, note, loudness) - a rising, then settling phrase in a pentatonic-ish scale
    melody = [(0.00, "E5", 1.0), (0.18, "A5", 0.9), (0.36, "B5", 0.9), (0.54, "E6", 1.0),
              (0.90, "D6", 0.8), (1.08, "B5", 0.8), (1.26, "A5", 0.9), (1.62, "E6", 0.7),
              (1.62, "A5", 0.7), (1.62, "C6", 0.5)]
    partials = [(1.0, 1.0, 1.0), (2.0, 0.35, 1.8), (2.76, 0.18, 2.6), (5.4, 0.06, 4.0)]
    for start, name, amp in melody:
        f0 = note_freq(name)
        s0 = int(start * rate)
        for ratio, pamp, decay_mul in partials:
            f = f0 * ratio
            if f >= rate / 2 * 0.9:
                continue
            w = TAU * f / rate
            tau = 0.55 / decay_mul
            for i in range(s0, n):
                t = (i - s0) / rate
                env = math.exp(-t / tau) * min(1.0, t / 0.004)
                if env < 1e-4 and t > 0.01:
                    break
                buf[i] += amp * pamp * env * math.sin(w * (i - s0))
    fade = int(0.35 * rate)
    for i in range(n - fade, n):
        buf[i] *= (n - i) / fade
    peak = max(abs(v) for v in buf)
    scale = 0.8 * 32767 / peak
    pcm = struct.pack("<%dh" % n, *(int(round(v * scale)) for v in buf))
    path = os.path.join(OUT, "ringtone.wav")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)


# ---------------------------------------------------------------------------
# Game: a self-contained HTML5 canvas game (no external resources)
# ---------------------------------------------------------------------------

GAME_HTML = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no">
<title>Petal Catcher</title>
<style>
html,body{margin:0;height:100%;background:#1c1d4a;overflow:hidden;touch-action:none;user-select:none}
canvas{display:block;margin:0 auto}
</style>
</head>
<body>
<canvas id="c" width="360" height="640"></canvas>
<script>
"use strict";
var cv=document.getElementById("c"),g=cv.getContext("2d"),W=360,H=640,TAU=Math.PI*2;
var sky=g.createLinearGradient(0,0,0,H);
sky.addColorStop(0,"#23265f");sky.addColorStop(.4,"#6b55a3");sky.addColorStop(.75,"#f3a6c0");sky.addColorStop(1,"#ffd9bd");
var glow=g.createRadialGradient(280,300,0,280,300,170);
glow.addColorStop(0,"rgba(255,244,230,.9)");glow.addColorStop(.15,"rgba(255,244,230,.55)");glow.addColorStop(1,"rgba(255,244,230,0)");
var bk={x:W/2,w:86,y:H-92},petals=[],pops=[],keys={},score=0,best=0,lives=5,state=0,spawn=0,t=0,overT=0,target=null,last=0,i,p;
var deco=[];for(i=0;i<34;i++)deco.push([Math.random()*W,62+Math.random()*40,7+Math.random()*14,Math.random()*TAU]);

function fit(){var s=Math.min(innerWidth/W,innerHeight/H);cv.style.width=W*s+"px";cv.style.height=H*s+"px";}
addEventListener("resize",fit);fit();

function reset(){petals=[];pops=[];score=0;lives=5;spawn=.4;bk.x=W/2;state=1;}
function addPetal(){petals.push({x:20+Math.random()*(W-40),y:-14,vy:70+Math.random()*60+score*2,ph:Math.random()*TAU,
 sw:25+Math.random()*35,r:Math.random()*TAU,vr:(Math.random()-.5)*5,gold:Math.random()<.08});}

function update(dt){
 t+=dt;
 for(i=pops.length-1;i>=0;i--){pops[i].t+=dt;if(pops[i].t>.7)pops.splice(i,1);}
 if(state===1){
  var sp=320;
  if(keys.ArrowLeft)bk.x-=sp*dt;
  if(keys.ArrowRight)bk.x+=sp*dt;
  if(target!==null){var d=target-bk.x,m=sp*1.8*dt;bk.x+=Math.max(-m,Math.min(m,d));}
  bk.x=Math.max(bk.w/2,Math.min(W-bk.w/2,bk.x));
 }
 spawn-=dt;
 if(spawn<=0){addPetal();spawn=state===1?Math.max(.3,1-score*.012):.7;}
 for(i=petals.length-1;i>=0;i--){
  p=petals[i];p.y+=p.vy*dt;p.x+=Math.cos(t*2+p.ph)*p.sw*dt;p.r+=p.vr*dt;
  if(state===1&&p.y>bk.y-8&&p.y<bk.y+16&&Math.abs(p.x-bk.x)<bk.w/2+4){
   petals.splice(i,1);score+=p.gold?5:1;pops.push({x:p.x,y:bk.y-16,t:0,s:p.gold?"+5":"+1"});
  }else if(p.y>H+14){
   petals.splice(i,1);
   if(state===1&&!p.gold&&--lives<=0){state=2;overT=t;best=Math.max(best,score);}
  }
 }
}

function petal(x,y,r,s,c){
 g.save();g.translate(x,y);g.rotate(r);g.fillStyle=c;
 g.beginPath();g.ellipse(0,0,s,s*.62,0,0,TAU);g.fill();
 g.fillStyle="rgba(255,255,255,.45)";g.beginPath();g.ellipse(-s*.2,-s*.15,s*.45,s*.2,0,0,TAU);g.fill();
 g.restore();
}
function flower(x,y,s,c){
 for(var k=0;k<5;k++){var a=k*TAU/5-1.57;petal(x+Math.cos(a)*s*.5,y+Math.sin(a)*s*.5,a,s*.5,c);}
 g.fillStyle="#e0668c";g.beginPath();g.arc(x,y,s*.2,0,TAU);g.fill();
}
function text(s,x,y,size,c){
 g.font="bold "+size+"px sans-serif";g.textAlign="center";
 g.fillStyle="rgba(30,20,60,.5)";g.fillText(s,x+2,y+2);g.fillStyle=c||"#fff";g.fillText(s,x,y);
}

function draw(){
 g.fillStyle=sky;g.fillRect(0,0,W,H);
 g.fillStyle=glow;g.fillRect(0,0,W,H);
 g.fillStyle="#7c69a9";g.beginPath();g.moveTo(40,520);g.lineTo(200,380);g.lineTo(230,380);g.lineTo(400,520);g.fill();
 g.fillStyle="#f6f0fb";g.beginPath();g.moveTo(182,396);g.lineTo(200,380);g.lineTo(230,380);g.lineTo(249,396);g.lineTo(226,404);g.lineTo(214,394);g.lineTo(202,404);g.fill();
 g.fillStyle="#9a78b2";g.beginPath();g.moveTo(0,500);g.quadraticCurveTo(120,460,240,505);g.quadraticCurveTo(310,525,360,490);g.lineTo(360,H);g.lineTo(0,H);g.fill();
 g.fillStyle="#44345f";g.beginPath();g.moveTo(0,560);g.quadraticCurveTo(180,530,360,565);g.lineTo(360,H);g.lineTo(0,H);g.fill();
 g.strokeStyle="#3a2532";g.lineCap="round";g.lineWidth=12;
 g.beginPath();g.moveTo(-10,70);g.quadraticCurveTo(150,110,370,60);g.stroke();
 for(i=0;i<deco.length;i++){var q=deco[i];flower(q[0],q[1]+Math.sin(t+q[3])*2,q[2],i%3?"#ffc4d3":"#ffdce6");}
 for(i=0;i<petals.length;i++){p=petals[i];petal(p.x,p.y,p.r,p.gold?10:8,p.gold?"#ffd54f":"#ff9fbb");}
 var x=bk.x-bk.w/2,y=bk.y;
 g.fillStyle="#a8672f";g.beginPath();g.moveTo(x,y);g.lineTo(x+bk.w,y);g.lineTo(x+bk.w-12,y+44);g.lineTo(x+12,y+44);g.fill();
 g.strokeStyle="#6e3d1c";g.lineWidth=2;
 for(i=1;i<4;i++){g.beginPath();g.moveTo(x+3*i,y+11*i);g.lineTo(x+bk.w-3*i,y+11*i);g.stroke();}
 g.fillStyle="#d08a4c";g.fillRect(x-6,y-6,bk.w+12,10);
 for(i=0;i<pops.length;i++){p=pops[i];g.globalAlpha=1-p.t/.7;text(p.s,p.x,p.y-p.t*50,20,"#fff6c8");}
 g.globalAlpha=1;
 g.textAlign="left";g.font="bold 20px sans-serif";g.fillStyle="#fff";g.fillText("Score "+score,14,32);
 for(i=0;i<5;i++){g.globalAlpha=i<lives?1:.25;flower(W-22-i*24,24,18,"#ffdce6");}
 g.globalAlpha=1;
 if(state!==1){
  g.fillStyle="rgba(20,16,50,.55)";g.fillRect(0,200,W,220);
  if(state===0){text("Petal Catcher",W/2,262,36);}
  else{text("Game over",W/2,256,34);text("Score "+score+"   Best "+best,W/2,296,20,"#ffdce6");}
  text("Catch the falling petals!",W/2,334,18,"#ffdce6");
  text("Arrow keys, mouse or drag to move",W/2,362,15,"#ffdce6");
  text("Tap or press Space to "+(state?"retry":"start"),W/2,396,18);
 }
}

function start(){if(state===1||(state===2&&t-overT<.8))return;reset();}
addEventListener("keydown",function(e){
 keys[e.key]=true;
 if(e.key===" "||e.key==="Enter")start();
 if(e.key==="ArrowLeft"||e.key==="ArrowRight"){target=null;e.preventDefault();}
 if(e.key===" ")e.preventDefault();
});
addEventListener("keyup",function(e){keys[e.key]=false;});
function px(e){var r=cv.getBoundingClientRect();return (e.clientX-r.left)*W/r.width;}
cv.addEventListener("pointerdown",function(e){start();target=px(e);e.preventDefault();});
cv.addEventListener("pointermove",function(e){if(e.pointerType==="mouse"||e.buttons)target=px(e);});
cv.addEventListener("pointerup",function(e){if(e.pointerType!=="mouse")target=null;});

function frame(ms){var dt=Math.min(.05,(ms-last)/1000||0);last=ms;update(dt);draw();requestAnimationFrame(frame);}
requestAnimationFrame(frame);
</script>
</body>
</html>
"""


def make_game():
    data = GAME_HTML.encode("utf-8")
    assert len(data) < 8 * 1024, len(data)
    return data


# ---------------------------------------------------------------------------
# EPUB 3 e-book
# ---------------------------------------------------------------------------

BOOK_TITLE = "Tales of the Sakura Road"
BOOK_ID = "urn:uuid:5a8c1f4e-2d7b-4c1e-9b0a-3f6e8d2c7a15"

CHAPTERS = [
    ("The Lantern at Kiyose Bridge", [
        "Every spring, when the first buds along the old road began to blush, Haru\u2019s grandmother lit a "
        "paper lantern and hung it from the bridge at Kiyose. Nobody in the village could remember why. The "
        "lantern was not needed for light; the blossoms themselves seemed to glow in the evening, pale as "
        "moths, and the river carried their reflection all the way down to the sea.",
        "This year her grandmother\u2019s knees would not manage the hill, so the lantern became Haru\u2019s. "
        "She carried it wrapped in a cloth the color of plum wine, with a box of matches in her sleeve and a "
        "rice ball in her pocket for the walk. The road ran for three miles between two rows of cherry trees "
        "so old that their branches met overhead and made a tunnel of pink and gray.",
        "Halfway along she passed a man sitting on a milestone, sketching. He had ink on his fingers and a "
        "wide straw hat, and he did not look up. \u201cYou are late,\u201d he said. \u201cThe lantern is "
        "usually lit before the crows go home.\u201d Haru stopped. She had never seen him before, and she "
        "knew every face within a day\u2019s walk of the village.",
        "\u201cMy grandmother is unwell,\u201d she said. The man nodded, as if he had expected that answer "
        "too, and tore a page from his book. On it were the bridge, the river and a small figure holding a "
        "light, drawn in so few lines that it seemed the wind could finish it. \u201cThen take this to "
        "her,\u201d he said, \u201cand tell her the road remembers.\u201d",
        "By the time Haru reached the bridge the sky had turned the color of a ripe peach, and the first star "
        "had come out above the hills. She hung the lantern, struck a match and watched the flame take hold. "
        "When she looked back down the road, the milestone was empty. Only a single petal rested where the "
        "man had been sitting.",
    ]),
    ("The Tea House That Moved", [
        "There was once a tea house on the Sakura Road that never stood in the same place two springs in a "
        "row. Travelers who had rested there swore it sat beside the third bend; others insisted it was at "
        "the foot of the stone steps below the shrine. The owner, a round and cheerful woman everyone called "
        "Auntie Ume, only laughed when asked, and poured another cup.",
        "Kenta, a delivery boy from the town below, decided to settle the matter. He tied a red ribbon to the "
        "tree nearest the tea house door and promised himself he would come back the following year to see "
        "it. All winter he thought about that ribbon: during snowfalls, while he carried sacks of charcoal, "
        "while his mother scolded him for daydreaming at the table.",
        "When the buds returned, Kenta ran the whole way up the road. The ribbon was there, faded to the pink "
        "of the blossoms around it, but the tea house was gone. In its place stood a bench, and on the bench "
        "sat Auntie Ume with a kettle and two cups. \u201cTrees grow,\u201d she said, before he could speak. "
        "\u201cEach year the best shade is somewhere new. Why should I sit in last year\u2019s shade?\u201d",
        "Kenta sat down beside her. Above them the branches moved in a slow wind, and petals came down one at "
        "a time, as if someone were counting them. The tea was hot and faintly bitter, and it tasted, he "
        "thought, exactly like the beginning of something.",
        "People still argue about where the tea house stands. Kenta, who is an old man now, never joins in. "
        "Each spring he walks the road with a new red ribbon in his pocket, and ties it wherever the shade "
        "looks best.",
    ]),
]


def xhtml(title, body):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
            "xml:lang=\"en\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>%s</title>\n"
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n%s</body>\n</html>\n"
            % (title, body))


def make_cover():
    cv = Canvas(200, 300)
    draw_scene(cv, 0, -40, 200 / 360)
    return cv.png()


def make_ebook():
    files = []
    files.append(("META-INF/container.xml",
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                  "  <rootfiles>\n"
                  "    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
                  "  </rootfiles>\n</container>\n"))
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        '<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>',
        '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>',
    ]
    spine = ['<itemref idref="cover" linear="yes"/>']
    toc = []
    for n, (title, paras) in enumerate(CHAPTERS, 1):
        name = "chapter%d.xhtml" % n
        body = "<section epub:type=\"chapter\" id=\"ch%d\">\n<h1>%s</h1>\n%s</section>\n" % (
            n, title, "".join("<p>%s</p>\n" % p for p in paras))
        files.append(("OEBPS/" + name, xhtml(title, body)))
        manifest.append('<item id="ch%d" href="%s" media-type="application/xhtml+xml"/>' % (n, name))
        spine.append('<itemref idref="ch%d"/>' % n)
        toc.append('<li><a href="%s">%s</a></li>' % (name, title))
    files.append(("OEBPS/cover.xhtml", xhtml(BOOK_TITLE, (
        "<section epub:type=\"cover\" class=\"cover\">\n"
        "<img src=\"cover.png\" alt=\"Cherry blossoms at dusk in front of a snow-capped mountain\"/>\n"
        "<h1 class=\"title\">%s</h1>\n</section>\n") % BOOK_TITLE)))
    files.append(("OEBPS/nav.xhtml", xhtml(BOOK_TITLE, (
        "<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n%s\n</ol>\n</nav>\n"
        "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"\">\n<ol>\n"
        "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n"
        "<li><a epub:type=\"bodymatter\" href=\"chapter1.xhtml\">Begin reading</a></li>\n"
        "</ol>\n</nav>\n") % "\n".join(toc))))
    files.append(("OEBPS/style.css",
                  "body { font-family: serif; line-height: 1.5; margin: 1em; }\n"
                  "h1 { font-weight: normal; color: #9c2f3f; text-align: center; margin: 1.5em 0 1em; }\n"
                  "p { text-indent: 1.5em; margin: 0 0 0.4em; }\n"
                  ".cover { text-align: center; }\n"
                  ".cover img { max-width: 100%; max-height: 85vh; }\n"
                  ".cover .title { font-size: 1.4em; }\n"))
    files.append(("OEBPS/content.opf", (
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"bookid\" xml:lang=\"en\">\n"
        "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "    <dc:identifier id=\"bookid\">%s</dc:identifier>\n"
        "    <dc:title>%s</dc:title>\n"
        "    <dc:creator>Sakura Contents</dc:creator>\n"
        "    <dc:language>en</dc:language>\n"
        "    <dc:publisher>Sakura Contents</dc:publisher>\n"
        "    <dc:description>Two short original stories set along a road lined with cherry trees.</dc:description>\n"
        "    <meta property=\"dcterms:modified\">2024-04-01T00:00:00Z</meta>\n"
        "    <meta name=\"cover\" content=\"cover-image\"/>\n"
        "  </metadata>\n"
        "  <manifest>\n    %s\n  </manifest>\n"
        "  <spine>\n    %s\n  </spine>\n"
        "</package>\n") % (BOOK_ID, BOOK_TITLE, "\n    ".join(manifest), "\n    ".join(spine))))

    path = os.path.join(OUT, "ebook.epub")
    stamp = (2024, 4, 1, 0, 0, 0)
    with zipfile.ZipFile(path, "w") as z:
        def add(name, data, method):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, data)
        add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        for name, text in files:
            add(name, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
        add("OEBPS/cover.png", make_cover(), zipfile.ZIP_STORED)


# ---------------------------------------------------------------------------
# Catalog and main
# ---------------------------------------------------------------------------

CATALOG = [
    dict(id="wallpaper", title="Cherry Blossom Wallpaper", genre="wallpaper", kind="image",
         description="A 360x640 phone wallpaper: cherry branches in full bloom against a dusk sky "
                     "and a snow-capped mountain.",
         price=100, contentFile="wallpaper.png", mediaType="image/png"),
    dict(id="ringtone", title="Spring Chime Ringtone", genre="music", kind="audio",
         description="A bright two-and-a-half-second chime melody, like wind bells under the blossoms.",
         price=150, contentFile="ringtone.wav", mediaType="audio/wav"),
    dict(id="game", title="Petal Catcher", genre="games", kind="app",
         description="Catch the falling cherry petals in your basket before they reach the ground. "
                     "Plays in the browser with arrow keys, mouse or touch.",
         price=500, contentFile="game.html", mediaType="text/html"),
    dict(id="ebook", title="Tales of the Sakura Road", genre="books", kind="ebook",
         description="Two short stories set along an old road lined with cherry trees, "
                     "about a lantern, a tea house and the people who keep them.",
         price=800, contentFile="ebook.epub", mediaType="application/epub+zip"),
    dict(id="video", title="Hanami Timelapse", genre="video", kind="video",
         description="A looping clip of petals drifting past a mountain at dusk while clouds race by.",
         price=1200, contentFile="video.gif", mediaType="image/gif"),
]


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    write("wallpaper.png", make_wallpaper())
    make_ringtone()
    write("game.html", make_game())
    make_ebook()
    write("video.gif", make_video())
    for item in ("wallpaper", "ringtone", "game", "ebook", "video"):
        write(item + "-picture.png", globals()["picture_" + item]())
    catalog = []
    for entry in CATALOG:
        e = dict(entry)
        e["currency"] = "JPY"
        e["picture"] = e["id"] + "-picture.png"
        catalog.append({k: e[k] for k in ("id", "title", "genre", "kind", "description", "price", "currency",
                                          "contentFile", "mediaType", "picture")})
    write("catalog.json", (json.dumps(catalog, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    for name in sorted(os.listdir(OUT)):
        print("%8d  %s" % (os.path.getsize(os.path.join(OUT, name)), name))


if __name__ == "__main__":
    main()
