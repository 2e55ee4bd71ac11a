/**
 * WCAG 2.1 contrast (success criterion 1.4.3, AA: 4.5:1 for text, 3:1 for large text and
 * graphics). Used to pick the text colour on every coloured chip, because the standard colours
 * we must show (HJ 633's AQI yellow #FFFF00, the crowding ladder's amber) fail with white text.
 */

/** sRGB relative luminance of "#rrggbb" (WCAG 2.1 definition). */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`colour ${JSON.stringify(hex)} is not #rrggbb`);
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two colours, 1..21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export const INK = "#111111";
export const PAPER = "#ffffff";

/** The text colour (near-black or white) with the higher contrast on `background`. */
export function textOn(background: string): string {
  return contrastRatio(background, INK) >= contrastRatio(background, PAPER) ? INK : PAPER;
}
