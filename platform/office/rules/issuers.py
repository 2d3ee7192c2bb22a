"""Which level of body gave a title, from the authority it names (its kind, office.authorities) or,
for a body the platform does not hold, from how Vietnamese decisions name their issuer. Pure: the
school side looks authorities up and hands the kind in; nothing here queries.

The answer is a set of issuer levels (checker.ISSUER_LEVELS codes): one where the name settles it,
several where it does not ("Cấp tỉnh" is the city's chair or the Sở's director), none where
nothing is known, so the checker can say "cannot tell" rather than guess."""

import re
import unicodedata

# office.authorities' Authority.Kind codes → who signs a title in that body's name. A Phòng GDĐT
# or a ward's Phòng VH-XH advises; the title is the chair's, so their own name settles nothing.
LEVELS_BY_AUTHORITY_KIND = {
    "ubnd_tinh": ("chu_tich_ubnd_tinh",),
    "so_gddt": ("giam_doc_so",),
    "ubnd_quan": ("chu_tich_ubnd_huyen",),
    "ubnd_phuong": ("chu_tich_ubnd_xa",),
    "phong_gddt": (),
    "phong_vhxh": (),
}

# Cities run by the centre: "UBND thành phố Hà Nội" is a province's committee, while a city inside a
# province was a district-level one until 1/7/2025. The six of NQ 202/2025/QH15 (and the five before).
CENTRAL_CITIES = ("ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue")

# The coarse level some award records carry ("Cấp huyện", as typed in an Excel import).
LEVELS_BY_LEVEL_TEXT = {
    "cap huyen": ("chu_tich_ubnd_huyen",),
    "cap quan": ("chu_tich_ubnd_huyen",),
    "cap xa": ("chu_tich_ubnd_xa",),
    "cap phuong": ("chu_tich_ubnd_xa",),
    "cap tinh": ("chu_tich_ubnd_tinh", "giam_doc_so"),
    "cap thanh pho": ("chu_tich_ubnd_tinh", "giam_doc_so"),
    "cap bo": ("bo_truong",),
    "cap nha nuoc": ("thu_tuong",),
}


def fold(text: str) -> str:
    """Lower case without diacritics, single-spaced: "UBND Quận  Hà Đông" → "ubnd quan ha dong"."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


_BY_NAME = (
    (re.compile(r"\b(thu tuong|chinh phu)\b"), ("thu_tuong",)),
    (re.compile(r"\bbo (truong )?(bo )?giao duc\b|\bbo gd"), ("bo_truong",)),
    (re.compile(r"\bso (giao duc|gd)"), ("giam_doc_so",)),
    (re.compile(r"^(chu tich )?(ubnd|uy ban nhan dan) (quan|huyen|thi xa)\b"), ("chu_tich_ubnd_huyen",)),
    (
        re.compile(r"^(chu tich )?(ubnd|uy ban nhan dan) (phuong|xa|thi tran|dac khu)\b"),
        ("chu_tich_ubnd_xa",),
    ),
    (re.compile(r"^(chu tich )?(ubnd|uy ban nhan dan) tinh\b"), ("chu_tich_ubnd_tinh",)),
)


def issuer_levels_from_name(name: str, level_text: str = "") -> tuple[str, ...]:
    """The levels a decision's issuer name (or, failing it, its recorded level) points to."""
    folded = fold(name)
    for pattern, levels in _BY_NAME:
        if pattern.search(folded):
            return levels
    city = re.match(r"^(chu tich )?(ubnd|uy ban nhan dan) thanh pho (.+)$", folded)
    if city and any(city.group(3).startswith(c) for c in CENTRAL_CITIES):
        return ("chu_tich_ubnd_tinh",)
    return LEVELS_BY_LEVEL_TEXT.get(fold(level_text), ())
