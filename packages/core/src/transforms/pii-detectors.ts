/**
 * Built-in detectors of personal data in free text. Each is a candidate pattern (global, compiled once) plus a
 * check on the candidate, because regular expressions alone over-match numbers. A candidate that fails its
 * check is left as it is, whole: its digits are not searched again for a shorter match.
 */
export interface Detector {
  name: string;
  replacement: string;
  pattern: RegExp;
  accept?: (match: string) => boolean;
}

export const EMAIL_DETECTOR: Detector = {
  name: 'email',
  replacement: '[email]',
  pattern: /(?<![\w.%+-])[A-Za-z0-9](?:[\w.%+-]{0,62}[\w%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g,
};

/**
 * Payment cards: 13 to 19 digits, grouped by single spaces or dashes, starting with an issuer digit (2-6:
 * Mastercard, Amex, Diners, JCB, Visa, Discover, UnionPay) and passing the Luhn checksum, which turns away
 * about 9 in 10 other long numbers (order ids, tracking numbers).
 */
export const CARD_DETECTOR: Detector = {
  name: 'card',
  replacement: '[card]',
  pattern: /(?<![\w#-])\d(?:[ -]?\d){12,18}(?![\w-]|[.,]\d)/g,
  accept: (match) => {
    const digits = match.replace(/\D/g, '');
    return /^[2-6]/.test(digits) && luhnValid(digits);
  },
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Phone numbers, in three shapes:
 * - international: `+` and a country code, then digit groups (8 to 15 digits in all, E.164);
 * - North American: (555) 123-4567, 555-123-4567, 555.123.4567, 1-800-555-0199;
 * - trunk-0 national numbers with separators: 020 7946 0958, 07700 900123, 06 12 34 56 78, 030 1234567.
 * Not taken: bare digit runs (epoch times, ids), numbers glued to letters, `#`, `-` or `/` (ORD-2024-000123,
 * #100234, paths), dates and date-times (2024-03-10 14:30, 10.03.2024), times, versions and IP addresses.
 * Known gap: national formats of other plans (e.g. 98765 43210) are not recognised; add a pattern for them.
 */
const INTERNATIONAL = String.raw`\+ ?\d{1,3}(?:[ .-]?(?:\(\d{1,5}\)|\d{1,6})){1,7}`;
const NORTH_AMERICAN = String.raw`(?:1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-]?)\d{3}[ .-]\d{4}`;
const TRUNK_ZERO = String.raw`\(?0\d{1,4}\)?(?:[ .-]\d{2,8}){1,4}`;

/** Day-first dates start with 0 like trunk numbers (`01.02.2024 12 Uhr` has ten digits): dates are never phones. */
const DATE_LIKE = /\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}/;

export const PHONE_DETECTOR: Detector = {
  name: 'phone',
  replacement: '[phone]',
  pattern: new RegExp(
    String.raw`(?<![\w#@$€£%&/+=,-])(?<!\d\.)(?:${INTERNATIONAL}|${NORTH_AMERICAN}|${TRUNK_ZERO})(?![\w@/]|[.,:-]\d)`,
    'g',
  ),
  accept: (match) => {
    const digits = match.replace(/\D/g, '').length;
    if (match.startsWith('+') ? digits < 8 || digits > 15 : digits < 10 || digits > 12) return false;
    return !DATE_LIKE.test(match);
  },
};
