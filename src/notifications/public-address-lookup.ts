import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { isPrivateAddress } from './domain/webhook-address';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * dns.lookup for the socket itself: the addresses a host resolves to when the connection is
 * made, refused if any is loopback or private. Checking in a separate lookup before the call
 * would let a host answer with a public address first and a private one next (DNS rebinding).
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      const problem: NodeJS.ErrnoException = new Error(`${hostname} resolves to a loopback or private address (${refused.address})`);
      problem.code = 'EPRIVATEADDRESS';
      return callback(problem, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** An HTTP agent whose connections reach public addresses only. */
export function publicOnlyAgent(): Agent {
  return new Agent({ connect: { lookup: publicOnlyLookup } });
}
