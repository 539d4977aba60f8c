/** Generated fixture content: varied enough to exercise quoting, and known record by record. */

export interface Turn {
  id: number;
  role: 'user' | 'assistant';
  text: string;
}

const SAMPLES = [
  'plain text',
  'a comma, inside',
  'a "quoted" word',
  'two\nlines',
  'emoji 🎉 and 𝄞 clef',
  'crlf\r\ninside',
  'semi;colon',
  '',
];

export function turns(count: number, from = 0): Turn[] {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    return { id, role: id % 2 === 0 ? 'user' : 'assistant', text: `${SAMPLES[id % SAMPLES.length]} #${id}` };
  });
}

export function csvField(value: string, delimiter = ','): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv(rows: readonly Turn[], options: { delimiter?: string; eol?: string; header?: boolean } = {}): string {
  const { delimiter = ',', eol = '\n', header = true } = options;
  const lines = rows.map((row) => [String(row.id), row.role, csvField(row.text, delimiter)].join(delimiter));
  return (header ? [['id', 'role', 'text'].join(delimiter), ...lines] : lines).join(eol) + eol;
}

export function toJsonl(rows: readonly Turn[], eol = '\n'): string {
  return rows.map((row) => JSON.stringify(row)).join(eol) + eol;
}
