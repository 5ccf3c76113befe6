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
    for k in range(5):
        th = ang + (k + 0.5) * TAU / 5
        cv.circle(cx + math.cos(th) * r * 0.3, cy + math.sin(th) * r * 0.3, max(r * 0.06, 0.5), "#ffd86b", alpha)


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
