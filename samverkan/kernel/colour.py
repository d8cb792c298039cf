"""Colour contrast after WCAG 2.1, used wherever text sits on a colour chosen by data."""

LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#1a1a1a"


def relative_luminance(hex_colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_text_colour(background: str) -> str:
    """White or near-black text, whichever contrasts more with the background."""
    light = contrast_ratio(background, LIGHT_TEXT)
    dark = contrast_ratio(background, DARK_TEXT)
    return LIGHT_TEXT if light >= dark else DARK_TEXT
