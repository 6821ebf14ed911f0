"""Page contents: one PDF page -> its glyphs with tight boxes and the ruling lines drawn on it.

Everything is put in the page as displayed: x from the left, y (`top`) down from the top edge,
in points, after the page's /Rotate and the crop box origin are applied, so a landscape page
printed sideways reads like a landscape page. Glyph boxes are pdfium's tight boxes (pdfminer's
sit ~5 pt low on digits); each glyph also keeps its baseline, because glyphs of one line in two
fonts (Times digits, FangSong text) differ in top by up to ~5 pt but share the baseline.

Ruling lines come from path objects, at any depth of Form XObjects with every enclosing
transform applied (Excel and iText exports draw their grids inside forms): stroked straight
segments, and filled rectangles thin enough to be a line (Word draws its grids so). pdfium is
called through its C API directly: the object wrappers cost several times more per glyph.
"""

from __future__ import annotations

import ctypes
from typing import NamedTuple, Optional

import pypdfium2.raw as pdfium

LINE_THICKNESS = 2.5  # a filled rectangle thinner than this (pt) is a drawn line
STRAIGHT = 1.0  # a stroked segment is horizontal/vertical when it deviates less than this (pt)
MIN_LENGTH = 2.0  # shorter marks (dots, ticks) are not rulings


class PdfError(Exception):
    """pdfium refused the file or a page; the message is one line for the user."""


class Glyph(NamedTuple):
    """One character on the page, displayed coordinates (points, y down from the top)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    spaced: bool = False  # a space (written or inferred by pdfium) precedes it in the content stream


class Rule(NamedTuple):
    """A horizontal (`top == bottom`) or vertical (`x0 == x1`) ruling line segment."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


class PageContents(NamedTuple):
    number: int  # from 1
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...]
    images: int  # image objects drawn (an image-only page has images and no glyphs)


class _Frame(NamedTuple):
    """Maps PDF user space to the displayed page: rotation, crop box origin and size."""

    rotation: int
    left: float
    bottom: float
    width: float  # of the unrotated crop box
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.height - (y - self.bottom)  # unrotated, y down
        if self.rotation == 90:
            return self.height - v, u
        if self.rotation == 180:
            return self.width - u, self.height - v
        if self.rotation == 270:
            return v, self.width - u
        return u, v

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    @property
    def size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)


def read_page(document, index: int) -> PageContents:
    """The contents of page `index` (from 0) of an open `FPDF_DOCUMENT` handle."""
    page = pdfium.FPDF_LoadPage(document, index)
    if not page:
        raise PdfError(f"page {index + 1} cannot be loaded (damaged content)")
    try:
        frame = _frame(page)
        rules: list[Rule] = []
        images = _walk_objects(page, frame, rules)
        glyphs = _glyphs(page, frame, _extent(rules))
        width, height = frame.size
        return PageContents(index + 1, width, height, glyphs, tuple(rules), images)
    finally:
        pdfium.FPDF_ClosePage(page)


def _frame(page) -> _Frame:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium.FPDFPage_GetCropBox(page, *(ctypes.byref(value) for value in (left, bottom, right, top))):
        if not pdfium.FPDFPage_GetMediaBox(page, *(ctypes.byref(value) for value in (left, bottom, right, top))):
            left.value, bottom.value = 0.0, 0.0
            right.value, top.value = pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)
    rotation = (pdfium.FPDFPage_GetRotation(page) % 4) * 90
    x0, x1 = sorted((left.value, right.value))
    y0, y1 = sorted((bottom.value, top.value))
    return _Frame(rotation, x0, y0, x1 - x0, y1 - y0)


def _extent(rules: list[Rule]) -> Optional[tuple[float, float, float, float]]:
    if not rules:
        return None
    return (min(rule.x0 for rule in rules), min(rule.top for rule in rules),
            max(rule.x1 for rule in rules), max(rule.bottom for rule in rules))


def _glyphs(page, frame: _Frame, ruled: Optional[tuple[float, float, float, float]]) -> tuple[Glyph, ...]:
    """Every visible non-blank character with its tight box and baseline; pdfium's generated
    spaces and line breaks are dropped (spaces are decided later, from the gaps between glyphs).

    pdfium's text page also holds text its clip path hides: WPS writes a table row that spans a
    page break in full on both pages, clipped to the table's frame. Asking every glyph's clip
    costs more than reading the page, so only glyphs outside the ruled area of a page with
    rulings (where such text lands) are asked."""
    textpage = pdfium.FPDFText_LoadPage(page)
    try:
        count = pdfium.FPDFText_CountChars(textpage)
        if count <= 0:
            return ()
        buffer = (ctypes.c_ushort * (count + 1))()
        written = pdfium.FPDFText_GetText(textpage, 0, count, buffer)
        text = bytes(buffer)[: max(0, written - 1) * 2].decode("utf-16-le", errors="replace")
        if len(text) != count:  # surrogate pairs: fall back to one call per character
            text = "".join(chr(pdfium.FPDFText_GetUnicode(textpage, index)) for index in range(count))
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        box_args = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        origin_args = (ctypes.byref(origin_x), ctypes.byref(origin_y))
        get_box, get_origin = pdfium.FPDFText_GetCharBox, pdfium.FPDFText_GetCharOrigin
        get_object = pdfium.FPDFText_GetTextObject
        clips: dict[int, Optional[tuple[float, float, float, float]]] = {}
        glyphs = []
        upright = frame.rotation == 0 and not frame.left and not frame.bottom
        height = frame.height
        spaced = False
        for index, character in enumerate(text):
            if character.isspace() or character == "\x00" or character == "\ufffe":
                spaced = True
                continue
            before, spaced = spaced, False
            if not get_box(textpage, index, *box_args):
                continue
            if ruled is not None:
                x, y = frame.point((left.value + right.value) / 2, (bottom.value + top.value) / 2)
                if not (ruled[0] <= x <= ruled[2] and ruled[1] <= y <= ruled[3]):
                    handle = get_object(textpage, index)
                    address = ctypes.cast(handle, ctypes.c_void_p).value or 0
                    if address not in clips:
                        clips[address] = _clip_box(handle)
                    clip = clips[address]
                    if clip is not None and not _inside(clip, left.value, bottom.value, right.value, top.value):
                        continue
            get_origin(textpage, index, *origin_args)
            if upright:
                glyphs.append(Glyph(character, left.value, height - top.value, right.value,
                                    height - bottom.value, height - origin_y.value, before))
                continue
            x0, y0, x1, y1 = frame.box(left.value, bottom.value, right.value, top.value)
            baseline = _baseline(frame, origin_x.value, origin_y.value)
            glyphs.append(Glyph(character, x0, y0, x1, y1, baseline, before))
        return tuple(glyphs)
    finally:
        pdfium.FPDFText_ClosePage(textpage)


CLIP_SLACK = 1.0  # pt


def _inside(clip: tuple[float, float, float, float], left: float, bottom: float, right: float, top: float) -> bool:
    x, y = (left + right) / 2, (bottom + top) / 2
    return clip[0] - CLIP_SLACK <= x <= clip[2] + CLIP_SLACK and clip[1] - CLIP_SLACK <= y <= clip[3] + CLIP_SLACK


def _clip_box(handle) -> Optional[tuple[float, float, float, float]]:
    """The box (PDF user space: left, bottom, right, top) every clip path of a text object allows,
    or None when it is not clipped (or clipped by a shape we do not bound)."""
    clip = pdfium.FPDFPageObj_GetClipPath(handle)
    if not clip:
        return None
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(pdfium.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium.FPDFClipPath_GetPathSegment(clip, path, index)
            pdfium.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            xs.append(x.value)
            ys.append(y.value)
        if not xs:
            continue
        part = (min(xs), min(ys), max(xs), max(ys))
        box = part if box is None else (max(box[0], part[0]), max(box[1], part[1]), min(box[2], part[2]), min(box[3], part[3]))
    return box


def _baseline(frame: _Frame, x: float, y: float) -> float:
    """The displayed y of a glyph's origin (rotated pages: the coordinate across the line)."""
    return frame.point(x, y)[1]


# -- ruling lines ------------------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner` first, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _object_matrix(handle) -> Matrix:
    matrix = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(handle, ctypes.byref(matrix)):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _walk_objects(page, frame: _Frame, rules: list[Rule]) -> int:
    """Append every ruling drawn on the page to `rules`; return the number of images."""
    images = 0
    stack = [(pdfium.FPDFPage_GetObject(page, index), _IDENTITY) for index in
             reversed(range(pdfium.FPDFPage_CountObjects(page)))]
    while stack:
        handle, parent = stack.pop()
        kind = pdfium.FPDFPageObj_GetType(handle)
        if kind == pdfium.FPDF_PAGEOBJ_PATH:
            _path_rules(handle, parent, frame, rules)
        elif kind == pdfium.FPDF_PAGEOBJ_FORM:
            matrix = _multiply(_object_matrix(handle), parent)
            count = pdfium.FPDFFormObj_CountObjects(handle)
            stack.extend((pdfium.FPDFFormObj_GetObject(handle, index), matrix) for index in reversed(range(count)))
        elif kind == pdfium.FPDF_PAGEOBJ_IMAGE:
            images += 1
    return images


def _path_rules(handle, parent: Matrix, frame: _Frame, rules: list[Rule]) -> None:
    """The rulings one path object draws; `parent` maps its parent's space (page or form) to the page."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium.FPDFPath_GetDrawMode(handle, ctypes.byref(fill_mode), ctypes.byref(stroke))
    filled, stroked = fill_mode.value != 0, bool(stroke.value)
    if not filled and not stroked:
        return
    bounds = _bounds(handle, parent, frame)
    if bounds is not None:
        x0, top, x1, bottom = bounds
        if min(x1 - x0, bottom - top) < LINE_THICKNESS:  # one line, however it is drawn
            _thin_rectangle([(x0, top), (x1, bottom)], rules)
            return
        if not stroked:
            return  # a filled area (a cell's background): no ruling
    matrix = _multiply(_object_matrix(handle), parent)
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    point_args = (ctypes.byref(x), ctypes.byref(y))
    subpath: list[tuple[float, float]] = []
    subpaths: list[list[tuple[float, float]]] = []
    for index in range(pdfium.FPDFPath_CountSegments(handle)):
        segment = pdfium.FPDFPath_GetPathSegment(handle, index)
        pdfium.FPDFPathSegment_GetPoint(segment, *point_args)
        point = frame.point(x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            if len(subpath) > 1:
                subpaths.append(subpath)
            subpath = [point]
        elif kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            if len(subpath) > 1:
                subpaths.append(subpath)
            subpath = []  # curves are never rulings; the subpath is broken here
        else:
            subpath.append(point)
        if pdfium.FPDFPathSegment_GetClose(segment) and subpath and subpath[-1] != subpath[0]:
            subpath.append(subpath[0])
    if len(subpath) > 1:
        subpaths.append(subpath)
    for points in subpaths:
        if filled and _thin_rectangle(points, rules):
            continue
        if stroked:
            _stroked_segments(points, rules)


def _bounds(handle, parent: Matrix, frame: _Frame) -> Optional[tuple[float, float, float, float]]:
    """The displayed box of a path object (pdfium gives it in the space of its parent form)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium.FPDFPageObj_GetBounds(handle, ctypes.byref(left), ctypes.byref(bottom),
                                        ctypes.byref(right), ctypes.byref(top)):
        return None
    if parent[1] or parent[2]:
        return None  # rotated or skewed form: leave it to the segments
    a, _, _, d, e, f = parent
    xa, ya = frame.point(left.value * a + e, bottom.value * d + f)
    xb, yb = frame.point(right.value * a + e, top.value * d + f)
    return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _thin_rectangle(points: list[tuple[float, float]], rules: list[Rule]) -> bool:
    """A filled shape whose box is thinner than LINE_THICKNESS is a line along its length: a thin
    rectangle (Word), or a thin polygon with mitred corners (some Guangzhou exports)."""
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    width, height = x1 - x0, y1 - y0
    if height < LINE_THICKNESS and width >= MIN_LENGTH and width > height:
        middle = (y0 + y1) / 2
        rules.append(Rule(x0, middle, x1, middle))
        return True
    if width < LINE_THICKNESS and height >= MIN_LENGTH and height > width:
        middle = (x0 + x1) / 2
        rules.append(Rule(middle, y0, middle, y1))
        return True
    if width >= LINE_THICKNESS and height >= LINE_THICKNESS:
        return False  # a shaded cell or a stroked frame: its edges are taken if it is stroked
    return True  # a dot


def _stroked_segments(points: list[tuple[float, float]], rules: list[Rule]) -> None:
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        if abs(ya - yb) < STRAIGHT and abs(xa - xb) >= MIN_LENGTH:
            middle = (ya + yb) / 2
            rules.append(Rule(min(xa, xb), middle, max(xa, xb), middle))
        elif abs(xa - xb) < STRAIGHT and abs(ya - yb) >= MIN_LENGTH:
            middle = (xa + xb) / 2
            rules.append(Rule(middle, min(ya, yb), middle, max(ya, yb)))
