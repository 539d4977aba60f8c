import { errorCode } from './connect-failure.js';
import type { ConnectFailure } from './connect-failure.js';

/** How a driver marks one kind of error: its codes (SQLSTATE or the driver's names), or words in its message. */
export interface ErrorSign {
  codes?: readonly string[];
  message?: RegExp;
}

/** A dialect's own signs of the connect failures it can tell apart; checked in this order. */
export interface ConnectFailureSigns {
  auth?: ErrorSign;
  database?: ErrorSign;
  tls?: ErrorSign;
}

const SPECIFIC_FAILURES = ['auth', 'database', 'tls'] as const;

export function hasSign(error: unknown, sign: ErrorSign): boolean {
  const code = errorCode(error);
  if (code !== undefined && sign.codes?.includes(code)) return true;
  return sign.message?.test((error as Error | null)?.message ?? '') ?? false;
}

/** A `SqlDialect.classifyConnectFailure` from signs; `other` defers to the failures every driver reports alike. */
export function connectFailureClassifier(signs: ConnectFailureSigns): (error: unknown) => ConnectFailure {
  return (error) => SPECIFIC_FAILURES.find((failure) => signs[failure] && hasSign(error, signs[failure])) ?? 'other';
}

/** A `SqlDialect.isConnectionLost` from the signs of a connection gone (killed, server restart, network drop). */
export function connectionLostDetector(sign: ErrorSign): (error: unknown) => boolean {
  return (error) => hasSign(error, sign);
}
