import { beforeAll, expect, it } from 'vitest';
import { SourceConnectError } from '@synap-etl/core';
import { TEST_PASSWORD, describeSqlSourceFailures } from '@synap-etl/sql-kit/testing';
import { createReader, mysqlTestServer } from './mysql-test-database.js';

describeSqlSourceFailures({
  name: 'mysql source',
  server: mysqlTestServer,
  fixture: (rows) => [
    `CREATE TABLE messages (id INT PRIMARY KEY, created_at DATETIME(6) NOT NULL, body TEXT, KEY (created_at, id))`,
    `INSERT INTO messages SELECT seq, TIMESTAMPADD(HOUR, seq DIV 4, '2024-05-01'), CONCAT('message ', seq)
     FROM seq_1_to_${rows}`,
  ],
  urlScheme: 'mysql',
  additionalConnectionTests({ db, openError }) {
    let reader: string;
    const host = () => new URL(db().url).hostname;
    const port = () => Number(new URL(db().url).port || 3306);

    beforeAll(async () => {
      reader = await createReader(db(), TEST_PASSWORD);
    });

    it('the right password opens (control for the next test)', async () => {
      const { error } = await openError({ host: host(), port: port(), user: reader, password: TEST_PASSWORD, database: db().name });
      expect(error).toBeUndefined();
    });

    it('a wrong password, in URL and in fields form', async () => {
      const wrong = `${TEST_PASSWORD}-wrong`;
      for (const connection of [
        `mysql://${reader}:${encodeURIComponent(wrong)}@${host()}:${port()}/${db().name}`,
        { host: host(), port: port(), user: reader, password: wrong, database: db().name },
      ]) {
        const { error, ms } = await openError(connection);
        expect(error).toBeInstanceOf(SourceConnectError);
        const failure = error as SourceConnectError;
        expect(failure.message).toContain(`${host()}:${port()}/${db().name} as user "${reader}"`);
        expect(failure.message).toMatch(/Access denied/);
        expect(failure.message).not.toContain(wrong);
        expect(failure.hint).toMatch(/password/);
        expect(ms).toBeLessThan(3000);
      }
    });
  },
});
