import { connect, Socket } from 'node:net';

export class ScannerUnavailableError extends Error {}

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/**
 * One INSTREAM scan by clamd (`zINSTREAM\0`, then chunks each prefixed by its length as a
 * 32-bit big-endian number, then a zero length), fed while the upload streams. Anything but a
 * clear answer (no connection, a timeout, clamd's own error such as its size limit) is
 * `ScannerUnavailableError`: the upload fails closed.
 */
export class ClamdScan {
  private readonly socket: Socket;
  private readonly reply: Promise<string>;
  private failed: Error | null = null;

  private constructor(socket: Socket, reply: Promise<string>) {
    this.socket = socket;
    this.reply = reply;
    this.reply.catch((error: Error) => {
      this.failed = error;
    });
  }

  static async start(target: { host: string; port: number; timeoutMs: number }): Promise<ClamdScan> {
    const socket = connect({ host: target.host, port: target.port });
    socket.setTimeout(target.timeoutMs);
    const reply = new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      socket.on('data', (d: Buffer) => parts.push(d));
      socket.on('end', () => resolve(Buffer.concat(parts).toString('utf8').replace(/\0/g, '').trim()));
      socket.on('timeout', () => {
        socket.destroy();
        reject(new ScannerUnavailableError('the virus scanner did not answer in time'));
      });
      socket.on('error', (error) => reject(new ScannerUnavailableError(`the virus scanner is unavailable: ${error.message}`)));
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      reply.catch(reject);
    });
    socket.write('zINSTREAM\0');
    return new ClamdScan(socket, reply);
  }

  /** Sends one chunk; resolves when the socket takes more (backpressure). */
  async write(chunk: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(chunk.length);
    this.socket.write(length);
    if (!this.socket.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        this.socket.once('drain', resolve);
        this.reply.catch(reject);
      });
    }
  }

  /** Ends the stream and reads clamd's verdict. */
  async verdict(): Promise<ScanVerdict> {
    if (this.failed) throw this.failed;
    this.socket.write(Buffer.alloc(4));
    const answer = await this.reply;
    if (/^stream: OK$/.test(answer)) return { clean: true };
    const found = /^stream: (.+) FOUND$/.exec(answer);
    if (found) return { clean: false, signature: found[1] };
    throw new ScannerUnavailableError(`the virus scanner answered: ${answer.slice(0, 200)}`);
  }

  abort(): void {
    this.socket.destroy();
  }
}
