/**
 * axios-express: an Express app whose routes call Masters India through axios + `authAxios`.
 *
 * Starts the app on a free loopback port, calls its own routes (two e-way bills at once, then an
 * e-invoice), prints what they answered and how many logins that cost, and exits.
 */
import type { AddressInfo } from 'node:net';
import type { AuthEvent } from '@authwire/core';
import { createApp } from './app.js';

const GSTIN = process.env.MI_GSTIN ?? '05AAABB0639G1Z8';

let logins = 0;
function logEvent(event: AuthEvent): void {
  if (event.type === 'login') logins += 1;
  console.log(`[authwire] ${event.provider}: ${event.type}`);
}

/** An e-way bill as Masters India's generate API takes it (abridged). */
const ewayBill = (documentNumber: string) => ({
  userGstin: GSTIN,
  supply_type: 'outward',
  sub_supply_type: 'Supply',
  document_type: 'tax invoice',
  document_number: documentNumber,
  document_date: '01/12/2026',
  gstin_of_consignor: GSTIN,
  gstin_of_consignee: '05AAABC0181E1ZE',
  transportation_mode: 'road',
  transportation_distance: '656',
  vehicle_number: 'UK07AB1234',
  total_invoice_value: 1180,
  itemList: [{ product_name: 'Widget', hsn_code: '8471', quantity: 1, unit_of_product: 'NOS', taxable_amount: 1000 }],
});

async function main(): Promise<void> {
  const app = createApp(process.env, logEvent);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${origin}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await res.text();
      console.log(`${method} ${path} -> ${res.status} ${text}`);
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}`);
    };
    // Two requests at once on a cold cache: still one login.
    await Promise.all([
      call('POST', '/eway-bills', ewayBill('INV-0001')),
      call('POST', '/eway-bills', ewayBill('INV-0002')),
    ]);
    const irn = 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229';
    await call('GET', `/einvoices/${irn}?gstin=${GSTIN}`);
    console.log(`done: 3 requests, ${logins} login${logins === 1 ? '' : 's'}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

main().catch((error: unknown) => {
  console.error(`axios-express failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
