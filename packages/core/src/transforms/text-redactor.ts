import { ConfigError } from '../errors.js';
import type { Detector } from './pii-detectors.js';
import { CARD_DETECTOR, EMAIL_DETECTOR, PHONE_DETECTOR } from './pii-detectors.js';
import type { RedactConfig } from './text-schema.js';
import { patternProblem } from './text-schema.js';

/**
 * Builds the text redaction of a `redact` block: the user's patterns first (most specific), then emails
 * (before phones, as addresses hold digits), cards (before phones, as card groups look like phone groups),
 * then phones. Patterns are compiled once here; a bad one is a config error naming its path.
 */
export function compileRedactor(config: RedactConfig, path = 'redact'): (text: string) => string {
  const detectors: Detector[] = config.patterns.map((pattern, i) => {
    const problem = patternProblem(pattern.regex, pattern.flags);
    if (problem) {
      const at = `${path}.patterns[${i}].regex`;
      throw new ConfigError(`${at}: ${problem}`, [{ path: at, message: problem }], {
        hint: 'fix the regular expression (JavaScript syntax; escape backslashes in YAML double quotes, or use single quotes)',
      });
    }
    return {
      name: pattern.name,
      replacement: pattern.replacement ?? `[${pattern.name}]`,
      pattern: new RegExp(pattern.regex, `g${pattern.flags}`),
    };
  });
  if (config.emails) detectors.push(EMAIL_DETECTOR);
  if (config.cards) detectors.push(CARD_DETECTOR);
  if (config.phones) detectors.push(PHONE_DETECTOR);
  return (text) => detectors.reduce(applyDetector, text);
}

function applyDetector(text: string, detector: Detector): string {
  detector.pattern.lastIndex = 0;
  if (!detector.accept) return text.replace(detector.pattern, detector.replacement);
  const accept = detector.accept;
  return text.replace(detector.pattern, (match) => (accept(match) ? detector.replacement : match));
}
