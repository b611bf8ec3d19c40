"""Kronor as Swedish readers write them: "125 000 kr", "−4 500 kr"."""


def kronor(amount: int | None, *, unit: bool = True) -> str:
    """Whole kronor with a (non-breaking) space between thousands and a real minus sign."""
    if amount is None:
        return ""
    digits = f"{abs(int(amount)):,}".replace(",", "\u00a0")
    sign = "\u2212" if amount < 0 else ""
    return f"{sign}{digits}\u00a0kr" if unit else f"{sign}{digits}"
