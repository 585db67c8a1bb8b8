/** White or near-black, whichever reads better on `hex` (#rrggbb), by WCAG relative luminance. */
export function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
  // Contrast with white is 1.05 / (L + 0.05), with #1f2328 (L ≈ 0.016) it is (L + 0.05) / 0.066.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.066 ? '#fff' : '#1f2328'
}
