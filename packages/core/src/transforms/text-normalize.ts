/**
 * Tidies whitespace without touching words: line breaks become LF, zero-width characters go, runs of spaces,
 * tabs and no-break spaces become one space, lines lose trailing and leading blanks, and at most one blank
 * line is kept in a row (transcript turns stay on their lines).
 */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Cuts `text` to at most `maxChars` UTF-16 units, marker included, so the reader sees the cut. Never splits a
 * surrogate pair (an emoji stays whole or goes).
 */
export function truncateText(text: string, maxChars: number, marker: string): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - marker.length);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + marker;
}
