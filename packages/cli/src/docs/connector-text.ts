import type { SourceDefinition } from '@synap-etl/core';
import { exampleYaml, firstSentence } from './connector-markdown.js';
import { describeOptions } from './option-model.js';

const WIDTH = 100;

/** `etl connectors`: one line per built-in connector. */
export function renderConnectorList(definitions: readonly SourceDefinition[]): string {
  const sorted = [...definitions].sort((a, b) => a.type.localeCompare(b.type));
  const width = Math.max(...sorted.map((d) => d.type.length));
  const lines = ['Built-in sources:', ''];
  for (const def of sorted) lines.push(`  ${def.type.padEnd(width)}  ${firstSentence(def.description)}`);
  lines.push(
    '',
    'Plugins: set source.type to a module path (./my-source.ts) or an installed npm package.',
    '`etl connectors <type>` shows a source\'s options and examples; `etl new connector <name>` starts a new one.',
  );
  return lines.join('\n');
}

/** `etl connectors <type>`: description, every option with its type, default and meaning, and examples. */
export function renderConnectorDetails(definition: SourceDefinition, origin?: string): string {
  const lines = [`${definition.type}${origin ? ` (${origin})` : ''}`, ...wrap(definition.description, '  '), '', 'Options (keys of `source:` next to `type`):'];
  for (const option of describeOptions(definition)) {
    const flags = [option.required ? 'required' : '', option.secret ? 'secret' : ''].filter(Boolean);
    const defaults = option.default === undefined ? '' : `  default ${JSON.stringify(option.default)}`;
    lines.push('', `  ${option.path}${flags.length ? ` (${flags.join(', ')})` : ''}: ${option.type}${defaults}`);
    lines.push(...wrap(option.description, '      '));
    if (option.constraints.length > 0) lines.push(`      ${option.constraints.join('; ')}`);
    if (option.examples.length > 0) lines.push(`      e.g. ${option.examples.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  const examples = definition.examples ?? [];
  if (examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of examples) {
      lines.push('', `  # ${example.title}`);
      for (const line of exampleYaml(definition.type, example.config).trimEnd().split('\n')) lines.push(`  ${line}`);
    }
  }
  return lines.join('\n');
}

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}
