"""Text measured before it is placed: how many lines a text takes in a box of a given width.

PowerPoint and LibreOffice Impress do not move text that does not fit: a table
grows past the bottom of its slide, a text box runs off it. :func:`wrap`
breaks a text into the lines it takes at a font size in a box of a width, with
the advance widths of DejaVu Sans, the widest of the fonts a reader's machine
substitutes for Arial, and a little to spare: the estimate errs on the long
side, so a text given the room it needs never overflows, whatever font renders
it.

:func:`neutral` makes a text safe for the workbook a native chart carries:
a leading ``=``, ``+``, ``-`` or ``@`` would make a spreadsheet read it as a
formula (``=cmd|' /C calc'!A0``); an apostrophe before it keeps it text.
"""

from __future__ import annotations

import re

__all__ = ["LINE_SPACING", "clean", "fits", "neutral", "text_width", "wrap"]

#: Line height as a multiple of the font size.
LINE_SPACING = 1.2

# The advance widths of DejaVu Sans (Book and Bold), in thousandths of an em, of the
# printable ASCII characters from " " to "~": the widest of the fonts that stand in
# for Arial (Liberation Sans, Arimo and Arial itself are narrower).
_ASCII = {
    False: "318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 "
    "637 637 637 637 637 637 337 337 838 838 838 531 1000 685 687 699 771 632 576 775 752 "
    "295 295 656 558 863 749 788 604 788 695 635 611 732 685 989 686 611 686 391 337 391 "
    "838 500 500 613 635 550 635 616 353 635 634 278 278 580 278 975 634 612 635 635 412 "
    "521 393 634 592 818 592 592 525 637 337 637 838",
    True: "349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 "
    "696 696 696 696 696 696 400 400 838 838 838 581 1000 774 763 734 831 684 684 821 837 "
    "373 373 775 638 996 837 851 733 851 771 721 683 813 774 1104 771 725 726 458 366 458 "
    "838 500 500 675 716 593 716 679 436 716 712 343 343 666 343 1042 712 688 716 716 494 "
    "596 479 712 652 924 646 652 583 712 366 712 838",
}
_WIDTHS = {bold: [int(w) / 1000 for w in row.split()] for bold, row in _ASCII.items()}
#: A character outside ASCII: as wide as the widest letters (accents, dashes, symbols),
#: and a full em for the wide scripts.
_OTHER, _FULL = 0.8, 1.0
#: What the estimate adds to DejaVu's own widths, for kerning and rounding in renderers.
_SLACK = 1.03
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _advance(char: str, bold: bool) -> float:
    code = ord(char)
    if 32 <= code < 127:
        return _WIDTHS[bold][code - 32]
    return _FULL if code >= 0x2E80 else _OTHER


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` on one line at ``size`` points, estimated generously."""
    return sum(_advance(c, bold) for c in text) * size * _SLACK


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The lines ``text`` takes in a box ``width`` points wide at ``size`` points.

    Words are kept whole unless a word alone is wider than the box; line
    breaks in ``text`` are kept. An empty text takes one (empty) line.

    >>> wrap("Stop or continue P06 Customer Portal Relaunch?", 120, 10)
    ['Stop or continue P06', 'Customer Portal', 'Relaunch?']
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fits(text: str, width: float, height: float, size: float, bold: bool = False) -> bool:
    """Whether ``text`` wrapped at ``width`` points stays within ``height`` points."""
    return len(wrap(text, width, size, bold)) * size * LINE_SPACING <= height


def neutral(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading ``= + - @`` gets an apostrophe before it."""
    text = clean(text)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def clean(text) -> str:
    """``text`` as a string without the control characters XML cannot hold."""
    return _CONTROL.sub("", str(text))
