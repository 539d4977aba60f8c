-- The seed's conversations table, for MySQL 8 / MariaDB 10.5+: one row per user/assistant exchange.
-- Try it:
--   mysql -e 'CREATE DATABASE synap_demo CHARACTER SET utf8mb4'
--   mysql --default-character-set=utf8mb4 synap_demo < config/sql/seed-conversations.mysql.sql
--   export MYSQL_URL=mysql://root@127.0.0.1:3306/synap_demo
--   npm run etl -- validate config/mysql-conversations.yaml
--   npm run etl -- run config/mysql-conversations.yaml

CREATE TABLE IF NOT EXISTS conversations (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id CHAR(36)    NOT NULL,          -- Synap wants conversation ids as UUIDs
  message_index   INT         NOT NULL,          -- position of the exchange in its conversation
  user_id         VARCHAR(64) NOT NULL,
  customer_id     VARCHAR(64) NOT NULL,
  user_text       TEXT        NOT NULL,
  assistant_text  TEXT        NOT NULL,
  -- DATETIME has no zone: these are UTC wall-clock times, and the pipeline says so (`timezone: UTC`).
  created_at      DATETIME(6) NOT NULL,
  UNIQUE KEY conversation_turn (conversation_id, message_index),
  -- The cursor of the pipeline is (created_at, id): this index serves every page of the backfill.
  KEY conversations_created_at_id (created_at, id)
) CHARACTER SET utf8mb4;   -- utf8mb4, not utf8: emoji and other 4-byte characters must survive

INSERT IGNORE INTO conversations (conversation_id, message_index, user_id, customer_id, user_text, assistant_text, created_at) VALUES
  ('2a10e8d7-31f2-4d0c-a2f3-90a1b72d915d', 0, 'u_2003', 'fitlife', 'I lost 4 kg since March! 🎉',
   'That is fantastic progress: 4 kg since March. Keep the protein intake steady while mileage goes up.', '2024-01-08 08:06:34.377512'),
  ('2a10e8d7-31f2-4d0c-a2f3-90a1b72d915d', 1, 'u_2003', 'fitlife', 'I hate treadmills.',
   'No treadmill workouts then. On rainy days I will suggest indoor strength or cycling instead.', '2024-01-08 08:09:43.878001'),
  ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 0, 'u_2017', 'fitlife', 'Can you plan meals without dairy?',
   'Sure. I will keep every meal plan dairy-free and suggest oat or soy alternatives.', '2024-01-09 18:45:00'),
  ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 1, 'u_2017', 'fitlife', 'Also no peanuts, my son is allergic.',
   'Noted: no peanuts in any plan, and I will flag products that may contain traces.', '2024-01-09 18:47:12.5'),
  -- Two exchanges logged in the same microsecond: the id column of the cursor keeps them apart.
  ('f47ac10b-58cc-4372-a567-0e02b2c3d479', 0, 'u_3001', 'bookworm', 'Recommend something like Dune?',
   'Try Hyperion by Dan Simmons: sprawling world-building and a pilgrimage structure.', '2024-02-29 23:59:59.999999'),
  ('f47ac10b-58cc-4372-a567-0e02b2c3d479', 1, 'u_3001', 'bookworm', 'Read it. Loved the Shrike 😱',
   'Then The Fall of Hyperion continues it; or Ilium if you want Simmons with Greek myth.', '2024-02-29 23:59:59.999999');
