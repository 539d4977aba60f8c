import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/index.js';
import { compileRedactor, redactSchema, transformsConfigSchema } from '../../src/transforms/index.js';

const redactor = (input: Record<string, unknown>) => compileRedactor(redactSchema.parse(input));
const emails = redactor({ emails: true });
const phones = redactor({ phones: true });
const cards = redactor({ cards: true });
const all = redactor({ emails: true, phones: true, cards: true });

/** Asserts each text comes out of `fn` unchanged. */
function untouched(fn: (text: string) => string, texts: string[]) {
  for (const text of texts) expect(fn(text), text).toBe(text);
}

describe('email redaction', () => {
  it('replaces addresses', () => {
    expect(emails('Mail jane.doe+travel@example.co.uk or J_O@sub.mail-host.io.')).toBe('Mail [email] or [email].');
    expect(emails('<bob@example.com>')).toBe('<[email]>');
  });
  it('leaves look-alikes', () => {
    untouched(emails, ['npm i left-pad@1.3.0', 'ping @alice', 'user@localhost', 'a @ b.com', 'price: 3@4.00']);
  });
});

describe('card redaction', () => {
  it('replaces Luhn-valid card numbers with or without separators', () => {
    expect(cards('Visa 4111 1111 1111 1111, MC 5555-5555-5555-4444, Amex 378282246310005.')).toBe(
      'Visa [card], MC [card], Amex [card].',
    );
    expect(cards('card: 4012888888881881 exp 12/27')).toBe('card: [card] exp 12/27');
  });
  it('leaves order numbers, Luhn-invalid and non-card numbers', () => {
    untouched(cards, [
      'order #4111111111111111', // glued to #: an order reference
      'ORD-2024-000123',
      '4111 1111 1111 1112', // fails Luhn
      '1234567890123456', // fails Luhn
      '0000 0000 0000 0000', // passes Luhn, no issuer starts with 0
      'tracking 9400111899223197428490', // 22 digits
      'amount 4111111111111111.50',
      'id 550e8400-e29b-41d4-a716-446655440000',
    ]);
  });
});

describe('phone redaction', () => {
  it('replaces international numbers', () => {
    for (const phone of ['+44 20 7946 0958', '+1 (555) 123-4567', '+1-800-555-0199', '+33 6 12 34 56 78', '+4915112345678', '+44 (0)20 7946 0958', '+91 98765 43210']) {
      expect(phones(`call ${phone} today`), phone).toBe('call [phone] today');
    }
  });
  it('replaces North American and trunk-0 national numbers', () => {
    for (const phone of ['(555) 123-4567', '555-123-4567', '555.123.4567', '555 123 4567', '1-800-555-0199', '020 7946 0958', '07700 900123', '06 12 34 56 78', '030 1234567', '(020) 7946 0958']) {
      expect(phones(`tel: ${phone}.`), phone).toBe('tel: [phone].');
    }
    expect(phones('Tel.555-123-4567, fax:(555)123-4567')).toBe('Tel.[phone], fax:[phone]');
  });
  it('leaves dates, times, order numbers, versions and other numbers', () => {
    untouched(phones, [
      'on 2024-03-10',
      'on 2024-03-10 14:30:00',
      'at 2024-03-10T14:30:00Z',
      'le 10.03.2024 15:45',
      'le 01.02.2024 15:45',
      'am 05-03-2024 10:30',
      'am 01.02.2024 12 Uhr',
      'on 03-10-2024 10:30',
      'on 10/03/2024',
      'at 14:30',
      'order #100234',
      'order ORD-2024-000123',
      'ref INV-555-123-4567',
      'version 1.2.3, build 10.0.19041.1234',
      'v2.10.4',
      'host 192.168.100.100',
      'epoch 1709913600 ms 1709913600123',
      'pi 3.14159265358979',
      'population 1 234 567 890',
      'ISBN 978-3-16-148410-0',
      'uuid 550e8400-e29b-41d4-a716-446655440000',
      'see /tmp/555-123-4567',
      '$1,234,567.89',
      'room 12, floor 3',
    ]);
  });
  it('does not take a card as a phone when both are on', () => {
    expect(all('pay with 4111 1111 1111 1111 or call 555-123-4567')).toBe('pay with [card] or call [phone]');
  });
});

describe('user patterns', () => {
  it('apply first, with the default or given replacement and flags', () => {
    const fn = redactor({
      patterns: [
        { name: 'ticket', regex: 'TCK-\\d+' },
        { name: 'account', regex: 'acct (\\d+)', flags: 'i', replacement: 'acct [#]' },
      ],
      phones: true,
    });
    expect(fn('TCK-5551234567 for ACCT 991 and tck-1')).toBe('[ticket] for acct [#] and tck-1');
  });
  it('an invalid or empty-matching regex is a config error naming its path', () => {
    const parsed = transformsConfigSchema.safeParse({ redact: { patterns: [{ name: 'bad', regex: '(unclosed' }] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['redact', 'patterns', 0, 'regex']);
    expect(transformsConfigSchema.safeParse({ redact: { patterns: [{ name: 'e', regex: 'x*' }] } }).success).toBe(false);

    // Unparsed configs reaching the compiler fail the same way.
    let error: unknown;
    try {
      compileRedactor({ emails: false, phones: false, cards: false, metadata: true, patterns: [{ name: 'ok', regex: 'a', flags: '' }, { name: 'bad', regex: '[', flags: '' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.path).toBe('redact.patterns[1].regex');
  });
  it('nothing is redacted unless switched on', () => {
    const text = 'jane@example.com 555-123-4567 4111 1111 1111 1111';
    expect(redactor({})(text)).toBe(text);
  });
});
