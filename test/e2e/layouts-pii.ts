import { expect } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';

/**
 * The personal data planted in config/data (documented test values). Each literal is replaced by what the
 * examples' `redact` block must put in its place, so expected documents can be written without the detectors.
 */
export const PII: ReadonlyArray<readonly [literal: string, replacement: string]> = [
  ['jane.doe@example.com', '[email]'],
  ['m.okafor@example.org', '[email]'],
  ['li.wei+orders@example.net', '[email]'],
  ['sam_taylor@mail.example.co.uk', '[email]'],
  ['priya.raman@example.com', '[email]'],
  ['tom.becker@example.de', '[email]'],
  ['ana.souza@example.com.br', '[email]'],
  ['jane.d.work@example.com', '[email]'],
  ['marcus.o@example.net', '[email]'],
  ['wei.li@example.org', '[email]'],
  ['sam.t@example.com', '[email]'],
  ['+44 20 7946 0958', '[phone]'],
  ['(555) 123-4567', '[phone]'],
  ['06 12 34 56 78', '[phone]'],
  ['020 7946 0018', '[phone]'],
  ['+1 415-555-0132', '[phone]'],
  ['+49 30 901820', '[phone]'],
  ['555.867.5309', '[phone]'],
  ['4111 1111 1111 1111', '[card]'],
  ['5555-5555-5555-4444', '[card]'],
  ['3782 822463 10005', '[card]'],
  ['4242424242424242', '[card]'],
  ['4000 0566 5566 5556', '[card]'],
  ['5200 8282 8282 8210', '[card]'],
  ['6011 1111 1111 1117', '[card]'],
];

/** Text as the examples must send it: every planted literal replaced (plus example-specific extras). */
export function expectRedacted(text: string, extra: ReadonlyArray<readonly [string, string]> = []): string {
  return [...extra, ...PII].reduce((out, [literal, replacement]) => out.replaceAll(literal, replacement), text);
}

/** Planted PII literals (and their digits-only forms for numbers) found in `text`. */
export function piiIn(text: string): string[] {
  const found: string[] = [];
  for (const [literal, replacement] of PII) {
    if (text.includes(literal)) found.push(literal);
    const digits = literal.replace(/\D/g, '');
    if (replacement !== '[email]' && digits !== literal && text.replace(/[ .()+-]/g, '').includes(digits)) found.push(digits);
  }
  return found;
}

/** Occurrences of a pattern, e.g. order numbers that redaction must leave alone. */
export function countMatches(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, 'g'))].length;
}

export const ORDER_NUMBER = /ORD-2024-\d{6}/;
export const ISO_DATE = /\b2024-\d\d-\d\d\b/;
export const INVOICE = /#\d{6}\b/;

/**
 * `source` (the kept source text) holds planted PII and each pattern; the stored `documents` hold none of the
 * PII and every occurrence of each pattern, which redaction must leave alone.
 */
export function expectRedactedKeeping(source: string, documents: CreateMemoryRequest[], patterns: RegExp[]): void {
  expect(new Set(piiIn(source)).size).toBeGreaterThanOrEqual(10);
  expect(piiIn(JSON.stringify(documents))).toEqual([]);
  const text = documents.map((d) => d.document).join('\n');
  for (const pattern of patterns) {
    expect(countMatches(source, pattern)).toBeGreaterThan(0);
    expect(countMatches(text, pattern)).toBe(countMatches(source, pattern));
  }
}
