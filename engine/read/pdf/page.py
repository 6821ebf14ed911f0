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
ONE_SHAPE = 6  # segments of a single filled rectangle or polygon (move, 3-4 lines, close)


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
    corners = [ctypes.byref(value) for value in (left, bottom, right, top)]
    if not pdfium.FPDFPage_GetCropBox(page, *corners) and not pdfium.FPDFPage_GetMediaBox(page, *corners):
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


def _unchecked(function, restype=ctypes.c_int):
    """`function` of pdfium called without ctypes' argument conversion: arguments are passed as
    prepared `c_void_p` addresses and ints. A checked call with `byref` arguments costs ~2.5x
    more, and glyph boxes are asked for once per character (tens of thousands per document)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    unchecked = ctypes.cast(address, ctypes.CFUNCTYPE(restype))
    unchecked.argtypes = None
    return unchecked


_GET_CHAR_BOX = _unchecked(pdfium.FPDFText_GetCharBox)
_GET_CHAR_ORIGIN = _unchecked(pdfium.FPDFText_GetCharOrigin)
_Handle = ctypes.c_void_p  # a pdfium object handle as the unchecked calls take it
# object handles come back as plain addresses (int, or None for NULL) and go in as _Handle
_GET_OBJECT = _unchecked(pdfium.FPDFPage_GetObject, ctypes.c_void_p)
_GET_TYPE = _unchecked(pdfium.FPDFPageObj_GetType)
_FORM_COUNT = _unchecked(pdfium.FPDFFormObj_CountObjects)
_FORM_OBJECT = _unchecked(pdfium.FPDFFormObj_GetObject, ctypes.c_void_p)
_DRAW_MODE = _unchecked(pdfium.FPDFPath_GetDrawMode)
_BOUNDS = _unchecked(pdfium.FPDFPageObj_GetBounds)
_MATRIX = _unchecked(pdfium.FPDFPageObj_GetMatrix)
_COUNT_SEGMENTS = _unchecked(pdfium.FPDFPath_CountSegments)
_SEGMENT = _unchecked(pdfium.FPDFPath_GetPathSegment, ctypes.c_void_p)
_POINT = _unchecked(pdfium.FPDFPathSegment_GetPoint)
_SEGMENT_TYPE = _unchecked(pdfium.FPDFPathSegment_GetType)
_SEGMENT_CLOSE = _unchecked(pdfium.FPDFPathSegment_GetClose)
_TEXT_OBJECT = _unchecked(pdfium.FPDFText_GetTextObject, ctypes.c_void_p)
_CLIP = _unchecked(pdfium.FPDFPageObj_GetClipPath, ctypes.c_void_p)
_CLIP_PATHS = _unchecked(pdfium.FPDFClipPath_CountPaths)
_CLIP_SEGMENTS = _unchecked(pdfium.FPDFClipPath_CountPathSegments)
_CLIP_SEGMENT = _unchecked(pdfium.FPDFClipPath_GetPathSegment, ctypes.c_void_p)


class _Floats:
    """Out-parameters for the unchecked calls: `count` C floats or doubles and their addresses."""

    def __init__(self, kind, count: int) -> None:
        self.values = (kind * count)()
        base, size = ctypes.addressof(self.values), ctypes.sizeof(kind)
        self.pointers = tuple(ctypes.c_void_p(base + size * slot) for slot in range(count))


_BLANK = frozenset(" \t\r\n\x00\ufffe\u3000\xa0")


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
        # left, right, bottom, top, origin x, origin y: written by pdfium, read back after each call
        scratch = _Floats(ctypes.c_double, 6)
        values = scratch.values
        box_left, box_right, box_bottom, box_top, at_x, at_y = scratch.pointers  # named: no *args per call
        handle = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
        get_box, get_origin = _GET_CHAR_BOX, _GET_CHAR_ORIGIN
        get_object = _TEXT_OBJECT
        clips: dict[int, Optional[tuple[float, float, float, float]]] = {}
        glyphs: list[Glyph] = []
        append = glyphs.append
        new_glyph = tuple.__new__
        upright = frame.rotation == 0 and not frame.left and not frame.bottom
        height = frame.height
        if ruled is not None:
            ruled_x0, ruled_top, ruled_x1, ruled_bottom = ruled
        spaced = False
        blank = _BLANK
        for index, character in enumerate(text):
            if character in blank or character.isspace():
                spaced = True
                continue
            before, spaced = spaced, False
            if not get_box(handle, index, box_left, box_right, box_bottom, box_top):
                continue
            get_origin(handle, index, at_x, at_y)
            left, right, bottom, top, origin_x, origin_y = values
            if ruled is not None:
                if upright:
                    x, y = (left + right) / 2, height - (bottom + top) / 2
                else:
                    x, y = frame.point((left + right) / 2, (bottom + top) / 2)
                if not (ruled_x0 <= x <= ruled_x1 and ruled_top <= y <= ruled_bottom):
                    address = get_object(handle, index) or 0
                    if address not in clips:
                        clips[address] = _clip_box(address) if address else None
                    clip = clips[address]
                    if clip is not None and not _inside(clip, left, bottom, right, top):
                        continue
            if upright:
                append(new_glyph(Glyph, (character, left, height - top, right, height - bottom,
                                         height - origin_y, before)))
                continue
            x0, y0, x1, y1 = frame.box(left, bottom, right, top)
            append(Glyph(character, x0, y0, x1, y1, _baseline(frame, origin_x, origin_y), before))
        return tuple(glyphs)
    finally:
        pdfium.FPDFText_ClosePage(textpage)


CLIP_SLACK = 1.0  # pt


def _inside(clip: tuple[float, float, float, float], left: float, bottom: float, right: float, top: float) -> bool:
    x, y = (left + right) / 2, (bottom + top) / 2
    return clip[0] - CLIP_SLACK <= x <= clip[2] + CLIP_SLACK and clip[1] - CLIP_SLACK <= y <= clip[3] + CLIP_SLACK


def _clip_box(address: int) -> Optional[tuple[float, float, float, float]]:
    """The box (PDF user space: left, bottom, right, top) every clip path of a text object allows,
    or None when it is not clipped (or clipped by a shape we do not bound)."""
    clip = _CLIP(_Handle(address))
    if not clip:
        return None
    clip = _Handle(clip)
    box = None
    point = _Floats(ctypes.c_float, 2)
    values, (at_x, at_y) = point.values, point.pointers
    for path in range(_CLIP_PATHS(clip)):
        xs, ys = [], []
        for index in range(_CLIP_SEGMENTS(clip, path)):
            segment = _CLIP_SEGMENT(clip, path, index)
            if not segment:
                continue
            _POINT(_Handle(segment), at_x, at_y)
            xs.append(values[0])
            ys.append(values[1])
        if not xs:
            continue
        part = (min(xs), min(ys), max(xs), max(ys))
        if box is not None:
            part = (max(box[0], part[0]), max(box[1], part[1]), min(box[2], part[2]), min(box[3], part[3]))
        box = part
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


def _object_matrix(handle: _Handle) -> Matrix:
    matrix = _Floats(ctypes.c_float, 6)
    if not _MATRIX(handle, matrix.pointers[0]):
        return _IDENTITY
    return tuple(matrix.values)


def _walk_objects(page, frame: _Frame, rules: list[Rule]) -> int:
    """Append every ruling drawn on the page to `rules`; return the number of images.
    Text objects (most of a sheet's objects) are passed over after one type call each."""
    images = 0
    page_handle = _Handle(ctypes.cast(page, ctypes.c_void_p).value)
    stack = [
        (_GET_OBJECT(page_handle, index), _IDENTITY) for index in reversed(range(pdfium.FPDFPage_CountObjects(page)))
    ]
    path_kind, form_kind, image_kind = pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM, pdfium.FPDF_PAGEOBJ_IMAGE
    scratch = _Floats(ctypes.c_float, 4)
    modes = (ctypes.c_int * 2)()
    fill_at, stroke_at = ctypes.c_void_p(ctypes.addressof(modes)), ctypes.c_void_p(ctypes.addressof(modes) + 4)
    while stack:
        address, parent = stack.pop()
        if not address:
            continue
        handle = _Handle(address)
        kind = _GET_TYPE(handle)
        if kind == path_kind:
            _DRAW_MODE(handle, fill_at, stroke_at)
            if modes[0] or modes[1]:
                _path_rules(handle, bool(modes[0]), bool(modes[1]), parent, frame, rules, scratch)
        elif kind == form_kind:
            matrix = _multiply(_object_matrix(handle), parent)
            count = _FORM_COUNT(handle)
            stack.extend((_FORM_OBJECT(handle, index), matrix) for index in reversed(range(count)))
        elif kind == image_kind:
            images += 1
    return images


def _path_rules(
    handle: _Handle, filled: bool, stroked: bool, parent: Matrix, frame: _Frame, rules: list[Rule], scratch: _Floats
) -> None:
    """The rulings one path object draws; `parent` maps its parent's space (page or form) to the page."""
    bounds = _bounds(handle, parent, frame, scratch)
    if bounds is not None:
        x0, top, x1, bottom = bounds
        if min(x1 - x0, bottom - top) < LINE_THICKNESS:  # one line, however it is drawn
            _thin_rectangle([(x0, top), (x1, bottom)], rules)
            return
        if not stroked and _COUNT_SEGMENTS(handle) <= ONE_SHAPE:
            return  # a filled area (a cell's background): no ruling
        # several filled shapes in one path may be a whole grid of thin rectangles (上海 福利彩票
        # p8: one path per direction); its box is large, its subpaths are the lines
    matrix = _multiply(_object_matrix(handle), parent)
    a, b, c, d, e, f = matrix
    values, (at_x, at_y) = scratch.values, scratch.pointers[:2]
    moveto, bezierto = pdfium.FPDF_SEGMENT_MOVETO, pdfium.FPDF_SEGMENT_BEZIERTO
    subpath: list[tuple[float, float]] = []
    subpaths: list[list[tuple[float, float]]] = []
    for index in range(_COUNT_SEGMENTS(handle)):
        address = _SEGMENT(handle, index)
        if not address:
            continue
        segment = _Handle(address)
        _POINT(segment, at_x, at_y)
        x, y = values[0], values[1]
        point = frame.point(x * a + y * c + e, x * b + y * d + f)
        kind = _SEGMENT_TYPE(segment)
        if kind == moveto:
            if len(subpath) > 1:
                subpaths.append(subpath)
            subpath = [point]
        elif kind == bezierto:
            if len(subpath) > 1:
                subpaths.append(subpath)
            subpath = []  # curves are never rulings; the subpath is broken here
        else:
            subpath.append(point)
        if _SEGMENT_CLOSE(segment) and subpath and subpath[-1] != subpath[0]:
            subpath.append(subpath[0])
    if len(subpath) > 1:
        subpaths.append(subpath)
    for points in subpaths:
        if filled and _thin_rectangle(points, rules):
            continue
        if stroked:
            _stroked_segments(points, rules)


def _bounds(
    handle: _Handle, parent: Matrix, frame: _Frame, scratch: _Floats
) -> Optional[tuple[float, float, float, float]]:
    """The displayed box of a path object (pdfium gives it in the space of its parent form)."""
    left_at, bottom_at, right_at, top_at = scratch.pointers
    if not _BOUNDS(handle, left_at, bottom_at, right_at, top_at):
        return None
    if parent[1] or parent[2]:
        return None  # rotated or skewed form: leave it to the segments
    left, bottom, right, top = scratch.values
    a, _, _, d, e, f = parent
    xa, ya = frame.point(left * a + e, bottom * d + f)
    xb, yb = frame.point(right * a + e, top * d + f)
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
