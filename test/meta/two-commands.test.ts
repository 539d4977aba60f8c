import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the README\'s two commands', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The two commands'), readme.indexOf('\n## ', readme.indexOf('## The two commands') + 1));
  const commands = [...section.matchAll(/```sh\n([^\n]+)\n```/g)].map((m) => (m[1] ?? '').trim());

  it('are a quickstart command and a test command, each alone in its block', () => {
    expect(commands).toEqual(['npm run quickstart', 'npm test']);
  });

  it('.ci/run runs exactly the README test command', () => {
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8').split('\n').map((line) => line.trim());
    expect(ci).toContain(commands[1]);
  });

  it('both are npm scripts of the root package', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.quickstart).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});
