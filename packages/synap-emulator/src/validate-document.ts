import { createMemoryRequestSchema } from '@synap-etl/synap-client';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { z } from 'zod';

export type DocumentCheck =
  | { ok: true; document: CreateMemoryRequest }
  /** `status` is what a single create answers: 422 for a schema error, 400 for a B2B scope error. */
  | { ok: false; field: string; message: string; status: 400 | 422 };

/** Checks one CreateMemoryRequest against the wire contract, plus the B2B scope rule when enabled. */
export function checkDocument(raw: unknown, options: { b2b: boolean }): DocumentCheck {
  const parsed = createMemoryRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? fieldOf(issue) : 'document';
    return { ok: false, field, message: `${field}: ${issue?.message ?? 'invalid'}`, status: 422 };
  }
  const document = parsed.data;
  if (options.b2b && document.user_id !== undefined && document.customer_id === undefined) {
    return {
      ok: false,
      field: 'customer_id',
      message: 'customer_id: required when user_id is set on a B2B instance',
      status: 400,
    };
  }
  return { ok: true, document };
}

/** The document_id of a raw (possibly invalid) document, to echo it in its failed result. */
export function rawDocumentId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { document_id?: unknown }).document_id;
  return typeof id === 'string' ? id : null;
}

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) return [...issue.path, issue.keys[0]].join('.');
  return issue.path.length > 0 ? issue.path.map(String).join('.') : 'document';
}

/** FastAPI-style validation detail: `[{loc, msg, type}]`. */
export function validationDetail(error: z.ZodError, root: string): Array<{ loc: Array<string | number>; msg: string; type: string }> {
  return error.issues.map((issue) => ({
    loc: [root, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
    msg: issue.message,
    type: issue.code,
  }));
}
