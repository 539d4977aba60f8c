-- The seed's conversations table, for PostgreSQL: one row per user/assistant exchange.
-- Try it:
--   createdb synap_demo && psql synap_demo -f config/sql/seed-conversations.sql
--   export PG_URL=postgres://postgres@127.0.0.1:5432/synap_demo
--   npm run etl -- validate config/postgres-conversations.yaml
--   npm run etl -- run config/postgres-conversations.yaml

CREATE TABLE IF NOT EXISTS conversations (
  id              bigserial PRIMARY KEY,
  conversation_id uuid        NOT NULL,          -- Synap wants conversation ids as UUIDs
  message_index   integer     NOT NULL,          -- position of the exchange in its conversation
  user_id         text        NOT NULL,
  customer_id     text        NOT NULL,
  user_text       text        NOT NULL,
  assistant_text  text        NOT NULL,
  created_at      timestamptz NOT NULL,          -- the original time: drives Synap's recency ranking
  UNIQUE (conversation_id, message_index)
);

-- The cursor of the pipeline is (created_at, id): this index serves every page of the backfill.
CREATE INDEX IF NOT EXISTS conversations_created_at_id ON conversations (created_at, id);

INSERT INTO conversations (conversation_id, message_index, user_id, customer_id, user_text, assistant_text, created_at) VALUES
  ('2a10e8d7-31f2-4d0c-a2f3-90a1b72d915d', 0, 'u_2003', 'fitlife', 'I lost 4 kg since March! 🎉',
   'That is fantastic progress: 4 kg since March. Keep the protein intake steady while mileage goes up.', '2024-01-08 08:06:34.377512+00'),
  ('2a10e8d7-31f2-4d0c-a2f3-90a1b72d915d', 1, 'u_2003', 'fitlife', 'I hate treadmills.',
   'No treadmill workouts then. On rainy days I will suggest indoor strength or cycling instead.', '2024-01-08 08:09:43.878001+00'),
  ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 0, 'u_2017', 'fitlife', 'Can you plan meals without dairy?',
   'Sure. I will keep every meal plan dairy-free and suggest oat or soy alternatives.', '2024-01-09 19:45:00+01'),
  ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 1, 'u_2017', 'fitlife', 'Also no peanuts, my son is allergic.',
   'Noted: no peanuts in any plan, and I will flag products that may contain traces.', '2024-01-09 19:47:12.5+01'),
  -- Two exchanges logged in the same microsecond: the id column of the cursor keeps them apart.
  ('f47ac10b-58cc-4372-a567-0e02b2c3d479', 0, 'u_3001', 'bookworm', 'Recommend something like Dune?',
   'Try Hyperion by Dan Simmons: sprawling world-building and a pilgrimage structure.', '2024-02-29 23:59:59.999999+00'),
  ('f47ac10b-58cc-4372-a567-0e02b2c3d479', 1, 'u_3001', 'bookworm', 'Read it. Loved the Shrike 😱',
   'Then The Fall of Hyperion continues it; or Ilium if you want Simmons with Greek myth.', '2024-02-29 23:59:59.999999+00')
ON CONFLICT (conversation_id, message_index) DO NOTHING;
