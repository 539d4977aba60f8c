import { z } from 'zod';

export const DEFAULT_SPEAKERS = { user: 'User', assistant: 'Assistant' } as const;

const windowSchema = z
  .strictObject({
    max_turns: z.number().int().min(1).optional().describe('Most messages in one document.'),
    max_chars: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Most characters of transcript in one document; a single longer message still makes a document of its own.'),
  })
  .describe(
    'Split long conversations into several documents with ids `<key>:<window>` (window counts from 0). ' +
      'The split depends only on the messages, so re-runs produce the same ids.',
  );

/** Fields shared by `group` and `unwind`: how a message reads and how a transcript is cut. */
const conversationFields = {
  role: z.string().min(1).default('role').describe('Field of a message holding its role.'),
  text: z
    .string()
    .min(1)
    .default('content')
    .describe(
      'Field of a message holding its text (a string, or an array of `{text}` parts). Blank messages are left out of ' +
        'the transcript (with `group`, each counts as filtered).',
    ),
  time: z.string().min(1).optional().describe('Field of a message holding its time; feeds first_at, last_at and created_at.'),
  speakers: z
    .record(z.string(), z.string().min(1))
    .default({ ...DEFAULT_SPEAKERS })
    .describe(
      'Role → speaker label in the transcript; roles match exactly, else in lower case. Roles not listed (system, ' +
        `tool, ...) are left out of the transcript (with \`group\`, each such record counts as filtered with the reason ` +
        `"role '<role>' not mapped"). Default: ${JSON.stringify(DEFAULT_SPEAKERS)}.`,
    ),
  window: windowSchema.optional(),
  created_at: z
    .enum(['first', 'last'])
    .default('first')
    .describe("Which message's time becomes the document's `created_at`: the first of the document or the last."),
};

export const groupSchema = z
  .strictObject({
    by: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe(
        'Field(s) whose value identifies a conversation, e.g. `conversation_id`. Consecutive records with the same value ' +
          'become one transcript, so the source must be ordered by them: a key seen again after its group ended is rejected, never split.',
      ),
    order_by: z
      .string()
      .min(1)
      .optional()
      .describe('Field that must not go backwards within a conversation (e.g. `created_at`); a record that does is rejected.'),
    ...conversationFields,
  })
  .describe(
    'Turn one-row-per-message sources into labelled transcripts (User: ... / Assistant: ...). Each document is a ' +
      'window of a conversation; its data is the conversation\'s first record (without role and text) plus `transcript`, ' +
      '`messages`, `window`, `message_count` and, with `time`, `first_at`, `last_at` and `created_at`. Its key is `<group key>:<window>`.',
  );

export const unwindSchema = z
  .strictObject({
    field: z.string().min(1).default('messages').describe('Field holding the array of messages, e.g. `messages`.'),
    ...conversationFields,
  })
  .describe(
    'Turn one-document-per-conversation sources (a messages array in each record) into labelled transcripts. ' +
      'An alternative to `group`, with the same document data (the record without the array is the base). ' +
        'Messages with unmapped roles or blank text are left out of the transcript.',
  );

export type GroupConfig = z.output<typeof groupSchema>;
export type UnwindConfig = z.output<typeof unwindSchema>;
export type ConversationConfig = Omit<GroupConfig, 'by' | 'order_by'>;
