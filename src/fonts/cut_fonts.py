#!/usr/bin/env python3
"""Cuts the two fallback fonts that certhub ships cut down: HanaMinA and BabelStone Han.

Run from the project root with fontTools (tested with 4.66.1) after installing the Debian packages the fonts come from:

    apt-get install fonts-hanazono fonts-babelstone-han    # 20170904-2.1 and 15.0.5-2 (Debian 12)
    python3 src/fonts/cut_fonts.py

It writes src/main/resources/fonts/HanaMinA-cut.ttf and BabelStoneHan-cut.ttf (see docs/fonts.md):

- HanaMinA-cut keeps every character HanaMinA draws that neither WenQuanYi Micro Hei nor HanaMinB (both shipped whole)
  draws: CJK Extension A, the compatibility ideographs, the URO characters WenQuanYi lacks, radicals and symbols, and
  the pinyin letters with tone marks and the few symbols that WenQuanYi maps to empty glyphs (ǎ, ǚ, ℃, Ⅴ).
- BabelStoneHan-cut keeps only the ideographs of GB 18030-2022's blocks that none of the three other fonts has: the
  Unicode 13-15 additions to the URO and to Extensions A, B and C.

Private-use code points are never kept: what a private-use character means is private, so certhub refuses to print one
rather than print whatever a font happens to draw there. The output is reproducible: same inputs, same bytes.
"""

import sys
import unicodedata
from pathlib import Path

from fontTools import subset, version as fonttools_version
from fontTools.ttLib import TTFont

FONTS = Path("src/main/resources/fonts")
WQY = FONTS / "wqy-microhei.ttc"
HANAMIN_B = FONTS / "HanaMinB.ttf"
HANAMIN_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
BABELSTONE = Path("/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf")
# the day the shipped files were cut; a new cut says its own day
CUT_ON = "2026-12-07"

# The ideograph blocks of GB 18030-2022 with their assigned ranges (Unicode 15.0); the same list is
# org.certhub.rendering.Gb18030Repertoire, which the unit tests walk.
IDEOGRAPHS = [
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs (URO)
    (0x3400, 0x4DBF),  # Extension A
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2B739),  # Extension C
    (0x2B740, 0x2B81D),  # Extension D
    (0x2B820, 0x2CEA1),  # Extension E
    (0x2CEB0, 0x2EBE0),  # Extension F
    (0xF900, 0xFA6D),  # CJK Compatibility Ideographs
    (0xFA70, 0xFAD9),
    (0x2F800, 0x2FA1D),  # CJK Compatibility Ideographs Supplement
]


def private_use(c):
    return 0xE000 <= c <= 0xF8FF or c >= 0xF0000


def drawn(path, number=None):
    """The code points the font draws: mapped to a glyph with an outline (WenQuanYi maps ǎ, ℃ and a few more to empty
    glyphs), or to any glyph for a space."""
    font = TTFont(path, fontNumber=number, lazy=True) if number is not None else TTFont(path, lazy=True)
    glyf = font["glyf"]
    return {
        c
        for c, glyph in font.getBestCmap().items()
        if glyf[glyph].numberOfContours != 0 or chr(c).isspace() or unicodedata.category(chr(c)) == "Zs"
    }


def cut(source, target, codepoints, notice):
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright, the licence and its URL
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.layout_features = []  # a certificate prints plain text; no vertical or locale forms needed
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    name = font["name"]
    original = name.getDebugName(10)
    description = notice if original is None else notice + "\n\n" + original
    name.removeNames(nameID=10)
    name.setName(description, 10, 3, 1, 0x409)
    name.setName(notice, 10, 1, 0, 0)  # Mac Roman cannot hold the original's Chinese
    version = name.getDebugName(5)
    name.setName(f"{version}; cut by certhub {CUT_ON}", 5, 3, 1, 0x409)
    name.setName(f"{version}; cut by certhub {CUT_ON}", 5, 1, 0, 0)
    subset.save_font(font, str(target), options)
    kept = len(set(TTFont(str(target), lazy=True).getBestCmap()))
    print(f"{target}: {kept} characters, {target.stat().st_size} bytes")


def main():
    for path in (HANAMIN_A, BABELSTONE):
        if not path.exists():
            sys.exit(f"{path} is missing: apt-get install fonts-hanazono fonts-babelstone-han")
    wqy = drawn(WQY, 0)
    hanamin_b = drawn(HANAMIN_B)
    hanamin_a = drawn(HANAMIN_A)
    babelstone = drawn(BABELSTONE)

    keep_a = {c for c in hanamin_a if c not in wqy and c not in hanamin_b and not private_use(c)}
    cut(HANAMIN_A, FONTS / "HanaMinA-cut.ttf", keep_a, (
        f"Cut by the certhub project on {CUT_ON} with fontTools {fonttools_version} from HanaMinA 2017-09-04 "
        "(Debian fonts-hanazono 20170904-2.1) to the characters that WenQuanYi Micro Hei and HanaMinB do not draw, "
        "private-use characters left out; used under the Hanazono Font License. The whole font: "
        "http://fonts.jp/hanazono/"))

    covered = wqy | hanamin_b | hanamin_a
    keep_babelstone = {
        c
        for first, last in IDEOGRAPHS
        for c in range(first, last + 1)
        if c not in covered and c in babelstone
    }
    cut(BABELSTONE, FONTS / "BabelStoneHan-cut.ttf", keep_babelstone, (
        f"Cut by the certhub project on {CUT_ON} with fontTools {fonttools_version} from BabelStone Han 15.0.5 "
        "(Debian fonts-babelstone-han 15.0.5-2) to the CJK ideographs that WenQuanYi Micro Hei, HanaMinA and "
        "HanaMinB do not draw (Unicode 13-15 additions to the URO and Extensions A, B and C); glyphs otherwise unchanged. "
        "Licensed under the Arphic Public License (see the licence name record and ARPHICPL.TXT); the whole font: "
        "https://www.babelstone.co.uk/Fonts/Han.html"))
    missing = [
        f"U+{c:04X}"
        for first, last in IDEOGRAPHS
        for c in range(first, last + 1)
        if c not in covered and c not in babelstone
    ]
    if missing:
        sys.exit(f"no font has {len(missing)} ideographs: {missing[:20]}")


if __name__ == "__main__":
    main()
