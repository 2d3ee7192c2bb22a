import re
import unicodedata

from office.authorities.models import Authority
from office.movements.models import Movement

_QUOTES_AND_PUNCTUATION = re.compile(r"[\"“”'‘’.,;:!?()\[\]]")


def movement_key(name: str) -> str:
    """Names compare equal whatever the keyboard, quotes, spacing or case they were typed with."""
    name = unicodedata.normalize("NFC", name).casefold()
    name = _QUOTES_AND_PUNCTUATION.sub(" ", name).replace("–", "-").replace("—", "-")
    return " ".join(name.split())


def movements_for_authorities(authorities: list[Authority]) -> dict[str, Movement]:
    """Movements launched by the given authorities (a school's chain of authorities), by name key."""
    movements = Movement.objects.filter(authority__in=authorities).order_by("pk")
    return {movement_key(m.name): m for m in movements}
