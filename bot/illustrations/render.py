"""Drawing: a scene's frames as a small looping GIF, its key positions as a PNG strip, and a
contact sheet of the whole catalogue. One line style throughout: dark outlines filled white, the
far-side limbs filled grey, props in soft greys, like a physiotherapist's handout.

matplotlib is imported inside the functions (Agg, no pyplot): importing it costs about half a
second, which start-up should not pay.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from bot.illustrations.figure import HEAD_R
from bot.illustrations.motion import Placed, Scene
from bot.illustrations.props import XY, Shape, held_shapes, standing_shapes

if TYPE_CHECKING:
    from PIL import Image

INK = "#22304a"
NEAR, FAR = "#ffffff", "#cfd7e3"
PROP_INK = "#6f7c90"
FILLS = {"prop": "#eef1f5", "mat": "#e1eee8", "soft": "#f3e7d3", "wood": "#e2d3bd"}
GROUND = "#9aa6b6"
SIZE = (320, 240)
DPI = 100
COLOURS = 24
OUTLINE_PX = 1.6
# Limb and trunk thickness in body heights.
WIDTHS = {"thigh": 0.07, "shank": 0.052, "foot": 0.03, "upper_arm": 0.048, "forearm": 0.04}
TRUNK = (("hip", "sacrum", 0.11), ("sacrum", "chest", 0.095), ("chest", "neck", 0.115))
# Agg and its font cache are shared by the whole process: one drawing at a time.
_LOCK = threading.Lock()


def animation_gif(scene: Scene) -> bytes:
    """The loop as a GIF of a few colours, 320x240."""
    with _LOCK:
        canvas = _Canvas(scene, SIZE)
        images = [canvas.frame(frame) for frame in scene.frames]
    from PIL import Image

    # One palette for the whole loop, by quantising all frames as one tall image: mapping each
    # frame to a palette afterwards turns white into off-white on some frames.
    width, height = images[0].size
    stack = Image.new("RGB", (width, height * len(images)))
    for index, image in enumerate(images):
        stack.paste(image, (0, index * height))
    stack = stack.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    first, *rest = [
        stack.crop((0, index * height, width, (index + 1) * height)) for index in range(len(images))
    ]
    buffer = io.BytesIO()
    first.save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=rest,
        duration=scene.durations_ms,
        loop=0,
        optimize=True,
    )
    return buffer.getvalue()


def key_strip_png(scene: Scene, title: str = "", panel: tuple[int, int] = (240, 180)) -> bytes:
    """The key positions side by side, each labelled: the still for a step card."""
    with _LOCK:
        image = _strip(scene, title, panel)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def contact_sheet_png(scenes: Iterable[tuple[str, Scene]], columns: int = 2) -> bytes:
    """Every exercise's key positions with its name, for review."""
    from PIL import Image

    with _LOCK:
        strips = [_strip(scene, title, (170, 128)) for title, scene in scenes]
    cell_w = max(strip.width for strip in strips)
    cell_h = max(strip.height for strip in strips)
    rows = -(-len(strips) // columns)
    sheet = Image.new("RGB", (cell_w * columns, cell_h * rows), "white")
    for index, strip in enumerate(strips):
        sheet.paste(strip, ((index % columns) * cell_w, (index // columns) * cell_h))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _strip(scene: Scene, title: str, panel: tuple[int, int]) -> Image.Image:
    from PIL import Image

    header = 22 if title else 0
    width, height = panel
    strip = Image.new("RGB", (width * 4 if title else width * len(scene.keys), height + header))
    strip.paste((255, 255, 255), (0, 0, strip.width, strip.height))
    if title:
        strip.paste(_image(_text(title, (width * 4, header))), (0, 0))
    canvas = _Canvas(scene, panel)
    for index, key in enumerate(scene.keys):
        label = scene.labels[index] or ("start" if index == 0 else f"position {index + 1}")
        strip.paste(canvas.frame(key, label), (index * width, header))
    return strip


def _text(text: str, size: tuple[int, int]) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.text(0.01, 0.5, text, fontsize=10, fontweight="bold", color=INK, va="center")
    return figure


def _image(figure: Any) -> Image.Image:
    from PIL import Image

    canvas = figure.canvas
    canvas.draw()
    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")


class _Canvas:
    """One figure per scene: the floor and standing props drawn once, then each frame's body
    and held props added, rendered, and taken away again."""

    def __init__(self, scene: Scene, size: tuple[int, int]) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.scene = scene
        self.figure = Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)
        FigureCanvasAgg(self.figure)
        axes = self.figure.add_axes((0, 0, 1, 1))
        axes.set_axis_off()
        left, right, bottom, top = _bounds(scene, scene.frames, size)
        axes.set_xlim(left, right)
        axes.set_ylim(bottom, top)
        self.axes, self.label_at = axes, ((left + right) / 2, top)
        self.paint = _Painter(axes, size[0] / (right - left) * 72 / DPI)
        axes.plot([left, right], [0, 0], color=GROUND, linewidth=1.2, solid_capstyle="butt")
        for prop in scene.standing:
            for shape in standing_shapes(prop):
                self.paint.shape(shape)

    def frame(self, frame: Placed, label: str | None = None) -> Image.Image:
        self.paint.added = []
        self.paint.body(frame)
        for held in self.scene.held:
            for shape in held_shapes(held, frame):
                self.paint.shape(shape)
        if label:
            x, y = self.label_at
            text = self.axes.text(x, y, label, ha="center", va="top", fontsize=8, color=INK)
            self.paint.added.append(text)
        image = _image(self.figure)
        for artist in self.paint.added:
            artist.remove()
        return image


def _bounds(
    scene: Scene, frames: Sequence[Placed], size: tuple[int, int]
) -> tuple[float, float, float, float]:
    """One fixed view for the whole loop, at the picture's aspect ratio, floor near the bottom."""
    xs: list[float] = []
    ys: list[float] = [0.0]
    lows: list[float] = [0.0]
    for frame in frames:
        for x, y, _ in frame.points.values():
            xs.append(x)
            ys.append(y + HEAD_R)
            lows.append(y - HEAD_R)
        for held in scene.held:
            for shape in held_shapes(held, frame):
                xs += [p[0] for p in shape.points]
                ys += [p[1] for p in shape.points]
    for prop in scene.standing:
        for shape in standing_shapes(prop):
            if shape.fill != "mat":
                xs += [p[0] for p in shape.points]
                ys += [p[1] for p in shape.points]
            lows += [p[1] for p in shape.points]
    pad = 0.07
    left, right = min(xs) - pad, max(xs) + pad
    bottom, top = min(lows) - 0.02, max(ys) + pad + 0.04
    aspect = size[0] / size[1]
    width, height = right - left, top - bottom
    if width / height < aspect:
        grow = height * aspect - width
        left, right = left - grow / 2, right + grow / 2
    else:
        top = bottom + width / aspect
    return left, right, bottom, top


class _Painter:
    """Draws in order: each call lands on top of the ones before (explicit z-order, since
    matplotlib otherwise puts every line above every filled shape)."""

    def __init__(self, axes: Any, points_per_unit: float) -> None:
        self.axes, self.points_per_unit = axes, points_per_unit
        self.layer = 2.0
        self.added: list[Any] = []  # what the current frame drew, to take away after it

    def _next(self) -> float:
        self.layer += 0.01
        return self.layer

    def shape(self, shape: Shape) -> None:
        from matplotlib.patches import Polygon

        if shape.kind == "polygon":
            polygon = Polygon(
                shape.points,
                closed=True,
                facecolor=FILLS[shape.fill],
                edgecolor=PROP_INK,
                linewidth=1.0,
                joinstyle="round",
                zorder=self._next(),
            )
            self.added.append(self.axes.add_patch(polygon))
            return
        xs, ys = zip(*shape.points, strict=True)
        width = max(shape.width * self.points_per_unit, 1.0)
        if shape.fill != "prop":
            self._line(xs, ys, PROP_INK, width + 2)
        self._line(xs, ys, FILLS[shape.fill] if shape.fill != "prop" else PROP_INK, width)

    def _line(self, xs: Sequence[float], ys: Sequence[float], colour: str, width: float) -> None:
        (line,) = self.axes.plot(
            xs, ys, color=colour, linewidth=width, solid_capstyle="round", zorder=self._next()
        )
        self.added.append(line)

    def _capsules(self, segments: list[tuple[XY, XY]], widths: list[float], colour: str) -> None:
        """Many round-ended strokes of one colour as one collection (much faster to draw)."""
        from matplotlib.collections import LineCollection

        strokes = LineCollection(
            segments, linewidths=widths, colors=colour, capstyle="round", zorder=self._next()
        )
        self.added.append(self.axes.add_collection(strokes, autolim=False))

    def body(self, frame: Placed) -> None:
        """Limbs and trunk as outlined capsules, from the farthest part to the nearest."""
        p = frame.points
        parts: list[tuple[float, str, list[tuple[str, str, float]]]] = []
        for side in ("n", "f"):
            leg = [
                (f"hip_{side}", f"knee_{side}", WIDTHS["thigh"]),
                (f"knee_{side}", f"ankle_{side}", WIDTHS["shank"]),
                (f"ankle_{side}", f"heel_{side}", WIDTHS["foot"]),
                (f"heel_{side}", f"toe_{side}", WIDTHS["foot"]),
            ]
            arm = [
                (f"shoulder_{side}", f"elbow_{side}", WIDTHS["upper_arm"]),
                (f"elbow_{side}", f"wrist_{side}", WIDTHS["forearm"]),
                (f"wrist_{side}", f"hand_{side}", WIDTHS["forearm"] * 0.8),
            ]
            parts.append((_depth(p, leg), side, leg))
            parts.append((_depth(p, arm), side, arm))
        trunk = [*TRUNK, ("waist", "belly", 0.1), ("neck", "head", 0.045)]
        parts.append((_depth(p, trunk), "trunk", trunk))
        outline = OUTLINE_PX * 2 * 72 / DPI
        for _, side, segments in sorted(parts, key=lambda part: part[0]):
            fill = FAR if side == "f" else NEAR
            lines = [((p[a][0], p[a][1]), (p[b][0], p[b][1])) for a, b, _ in segments]
            for extra, colour in ((outline, INK), (0.0, fill)):
                widths = [width * self.points_per_unit + extra for _, _, width in segments]
                self._capsules(lines, widths, colour)
            if side == "trunk":
                self._head(frame)

    def _head(self, frame: Placed) -> None:
        from matplotlib.patches import Circle

        x, y, _ = frame.points["head"]
        width = OUTLINE_PX * 72 / DPI
        head = Circle((x, y), HEAD_R, facecolor=NEAR, edgecolor=INK, lw=width, zorder=self._next())
        self.added.append(self.axes.add_patch(head))
        _, _, depth = frame.points["head"]
        nose_x, nose_y, nose_depth = frame.points["nose"]
        dx, dy = nose_x - x, nose_y - y
        if (dx * dx + dy * dy) ** 0.5 > HEAD_R * 0.4:
            eyes = [(x + dx * 0.55, y + dy * 0.55 + 0.012)]
        elif nose_depth > depth:  # the face turned to the viewer (lying on one side): two eyes
            eyes = [(x + dx * 0.55 + side * 0.022, y + dy * 0.55 + 0.01) for side in (-1, 1)]
        else:  # the back of the head
            eyes = []
        for eye in eyes:
            self.added.append(
                self.axes.add_patch(Circle(eye, 0.008, color=INK, zorder=self._next()))
            )


def _depth(points: dict[str, tuple[float, float, float]], segments: list[Any]) -> float:
    names = {name for start, end, _ in segments for name in (start, end)}
    return sum(points[name][2] for name in names) / len(names)
