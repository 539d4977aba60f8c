import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';

/**
 * A stand-in for a Postgres server that asks for a password and refuses it (the local test server trusts
 * every local login, so it cannot). It speaks just enough of the wire protocol: startup, a cleartext
 * password request, then a FATAL 28P01 error whose text quotes the password back, as a careless proxy
 * might, so tests can check the connector redacts it.
 */
export async function startRefusingPgServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    let startupSeen = false;
    socket.on('data', (chunk: Buffer) => {
      if (!startupSeen) {
        startupSeen = true;
        const askForPassword = Buffer.alloc(9);
        askForPassword.write('R', 0);
        askForPassword.writeInt32BE(8, 1);
        askForPassword.writeInt32BE(3, 5);
        socket.write(askForPassword);
        return;
      }
      if (chunk[0] !== 0x70) return;
      const password = chunk.subarray(5, chunk.indexOf(0, 5)).toString('utf8');
      const fields = ['SFATAL', 'VFATAL', 'C28P01', `Mpassword authentication failed for user "app" (sent "${password}")`];
      const body = Buffer.concat([...fields.map((field) => Buffer.from(`${field}\0`, 'utf8')), Buffer.from([0])]);
      const header = Buffer.alloc(5);
      header.write('E', 0);
      header.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([header, body]));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
