// Installs the workspace's dependencies with pinned pnpm (npm alone is enough on a fresh machine).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM = 'npx --yes pnpm@10.34.8';
const frozen = existsSync(new URL('../pnpm-lock.yaml', import.meta.url)) ? ' --frozen-lockfile' : '';
execSync(`${PNPM} install${frozen} --reporter=append-only`, {
  stdio: ['ignore', 'inherit', 'inherit'],
  cwd: new URL('..', import.meta.url),
  env: { ...process.env, npm_config_update_notifier: 'false' },
});
