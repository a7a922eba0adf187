#!/usr/bin/env python3
"""Generate service/core/width_table.h from Liberation Sans Regular.

seo_width_px() measures a title the way Yoast and Google's result page do:
the advance widths of Arial Regular at 20 px. Liberation Sans is
metric-compatible with Arial, so its advance widths (font units, 2048 per em)
are the table. This script reads them straight from the TrueType file with
the standard library only (no fontTools): table directory, head, hhea, maxp,
hmtx, cmap (formats 4 and 12) and name.

Usage:
    python3 tools/gen-width-table.py [FONT] > service/core/width_table.h
    python3 tools/gen-width-table.py [FONT] --check service/core/width_table.h

--check regenerates in memory and exits 1 when FILE differs (a test runs it).
Exit status 2: bad arguments or a font that cannot be read.
"""

import argparse
import os
import struct
import sys

DEFAULT_FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
UNITS_PER_EM = 2048
BMP_LAST = 0xFFFF
# Code points the font lacks count as "n": the typical lower-case width.
DEFAULT_CHAR = "n"


class FontError(Exception):
    pass


def unpack(fmt, data, offset, what):
    """struct.unpack_from with bounds checking that names the structure read."""
    try:
        return struct.unpack_from(">" + fmt, data, offset)
    except struct.error:
        raise FontError(f"truncated {what} at offset {offset}") from None


def read_tables(data):
    """Returns {tag: bytes} from the sfnt table directory."""
    version, num_tables = unpack("IH", data, 0, "offset table")
    if version not in (0x00010000, 0x74727565):  # 1.0 or 'true'
        raise FontError(f"not a TrueType font (sfnt version 0x{version:08x})")
    tables = {}
    for i in range(num_tables):
        tag, _checksum, offset, length = unpack("4sIII", data, 12 + 16 * i, "table record")
        if offset + length > len(data):
            raise FontError(f"table {tag!r} runs past the end of the file")
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    for tag in ("head", "hhea", "maxp", "hmtx", "cmap", "name"):
        if tag not in tables:
            raise FontError(f"missing required table '{tag}'")
    return tables


def read_advances(tables):
    """Returns the advance width of every glyph id (hmtx repeats the last one)."""
    (units_per_em,) = unpack("H", tables["head"], 18, "head")
    if units_per_em != UNITS_PER_EM:
        raise FontError(f"unitsPerEm is {units_per_em}, expected {UNITS_PER_EM}")
    (num_hmetrics,) = unpack("H", tables["hhea"], 34, "hhea")
    (num_glyphs,) = unpack("H", tables["maxp"], 4, "maxp")
    if num_hmetrics == 0 or num_hmetrics > num_glyphs:
        raise FontError(f"numberOfHMetrics {num_hmetrics} with {num_glyphs} glyphs")
    hmtx = tables["hmtx"]
    advances = [unpack("H", hmtx, 4 * g, "hmtx")[0] for g in range(num_hmetrics)]
    advances += [advances[-1]] * (num_glyphs - num_hmetrics)
    return advances


def parse_cmap4(sub, mapping):
    (seg_x2,) = unpack("H", sub, 6, "cmap format 4")
    segs = seg_x2 // 2
    ends = 14
    starts = ends + seg_x2 + 2  # reservedPad
    deltas = starts + seg_x2
    range_offsets = deltas + seg_x2
    for s in range(segs):
        (end,) = unpack("H", sub, ends + 2 * s, "cmap format 4 endCode")
        (start,) = unpack("H", sub, starts + 2 * s, "cmap format 4 startCode")
        (delta,) = unpack("H", sub, deltas + 2 * s, "cmap format 4 idDelta")
        ro_pos = range_offsets + 2 * s
        (range_offset,) = unpack("H", sub, ro_pos, "cmap format 4 idRangeOffset")
        for cp in range(start, end + 1):
            if range_offset == 0:
                glyph = (cp + delta) & 0xFFFF
            else:
                pos = ro_pos + range_offset + 2 * (cp - start)
                (glyph,) = unpack("H", sub, pos, "cmap format 4 glyphIdArray")
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                mapping[cp] = glyph


def parse_cmap12(sub, mapping):
    (num_groups,) = unpack("I", sub, 12, "cmap format 12")
    for g in range(num_groups):
        first, last, glyph = unpack("III", sub, 16 + 12 * g, "cmap format 12 group")
        if last < first or last > 0x10FFFF:
            raise FontError(f"bad cmap format 12 group U+{first:04X}..U+{last:04X}")
        for cp in range(first, last + 1):
            if glyph + cp - first:
                mapping[cp] = glyph + cp - first


def read_cmap(tables):
    """Returns {code point: glyph id} from every Unicode subtable of format 4 or 12."""
    cmap = tables["cmap"]
    (num_subtables,) = unpack("H", cmap, 2, "cmap header")
    by_format = {4: [], 12: []}
    for i in range(num_subtables):
        platform, encoding, offset = unpack("HHI", cmap, 4 + 8 * i, "cmap encoding record")
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        (fmt,) = unpack("H", cmap, offset, "cmap subtable")
        if unicode and fmt in by_format and offset not in by_format[fmt]:
            by_format[fmt].append(offset)
    if not by_format[4] and not by_format[12]:
        raise FontError("no Unicode cmap subtable of format 4 or 12")
    mapping = {}
    for offset in by_format[4]:
        parse_cmap4(cmap[offset:], mapping)
    # Format 12 is the complete map where a font has both; it wins on overlap.
    for offset in by_format[12]:
        parse_cmap12(cmap[offset:], mapping)
    return mapping


def read_version(tables):
    """The name table's version string (name id 5), Windows English first."""
    name = tables["name"]
    _fmt, count, strings = unpack("HHH", name, 0, "name header")
    found = {}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = unpack(
            "HHHHHH", name, 6 + 12 * i, "name record"
        )
        if name_id != 5:
            continue
        raw = name[strings + offset : strings + offset + length]
        if platform == 3 and encoding in (0, 1):
            found.setdefault((0 if language == 0x409 else 1), raw.decode("utf-16-be"))
        elif platform == 1 and encoding == 0:
            found.setdefault(2, raw.decode("mac_roman"))
    if not found:
        raise FontError("name table has no version string (name id 5)")
    return found[min(found)].strip()


def ranges_of(mapping, advances):
    """Merges consecutive BMP code points with equal advance into [first, last, advance]."""
    ranges = []
    for cp in sorted(c for c in mapping if c <= BMP_LAST):
        glyph = mapping[cp]
        if glyph >= len(advances):
            raise FontError(f"cmap maps U+{cp:04X} to glyph {glyph} of {len(advances)}")
        adv = advances[glyph]
        if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2] == adv:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, adv])
    return ranges


def generate(font_path):
    with open(font_path, "rb") as f:
        data = f.read()
    tables = read_tables(data)
    advances = read_advances(tables)
    mapping = read_cmap(tables)
    if ord(DEFAULT_CHAR) not in mapping:
        raise FontError(f"font does not map '{DEFAULT_CHAR}'")
    default_advance = advances[mapping[ord(DEFAULT_CHAR)]]
    version = read_version(tables).replace("*/", "* /")
    ranges = ranges_of(mapping, advances)
    covered = sum(last - first + 1 for first, last, _ in ranges)

    out = [
        f"/* Generated by tools/gen-width-table.py from {os.path.basename(font_path)},",
        f" * {version}. Do not edit; regenerate with",
        " *   python3 tools/gen-width-table.py [FONT] > service/core/width_table.h",
        " * Advance widths in font units of every BMP code point the font maps, as",
        " * sorted ranges of consecutive code points with the same advance. */",
        "#ifndef SEO_WIDTH_TABLE_H",
        "#define SEO_WIDTH_TABLE_H",
        "",
        "#include <stdint.h>",
        "",
        f"#define SEO_WIDTH_UNITS_PER_EM {UNITS_PER_EM}",
        f"/* Advance of '{DEFAULT_CHAR}': the width of a code point the font lacks. */",
        f"#define SEO_WIDTH_DEFAULT_ADVANCE {default_advance}",
        "",
        "struct width_range {",
        "    uint32_t first, last;",
        "    uint16_t advance;",
        "};",
        "",
        f"/* {len(ranges)} ranges covering {covered} code points, one a line. */",
        "/* clang-format off */",
        "static const struct width_range width_ranges[] = {",
    ]
    out += [f"    {{0x{a:04X}, 0x{b:04X}, {adv}}}," for a, b, adv in ranges]
    out += ["};", "/* clang-format on */", "", "#endif", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("font", nargs="?", default=DEFAULT_FONT, help="TrueType font file")
    parser.add_argument("--check", metavar="FILE", help="exit 1 if FILE differs from the output")
    args = parser.parse_args()
    try:
        text = generate(args.font)
    except (OSError, FontError) as e:
        print(f"gen-width-table: {args.font}: {e}", file=sys.stderr)
        return 2
    if args.check is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.check, encoding="utf-8") as f:
            current = f.read()
    except OSError as e:
        print(f"gen-width-table: {e}", file=sys.stderr)
        return 2
    if current != text:
        print(
            f"gen-width-table: {args.check} differs from {args.font}; regenerate with\n"
            f"  python3 tools/gen-width-table.py {args.font} > {args.check}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
