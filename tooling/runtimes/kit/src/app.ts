import { type TokenProvider, withAuth } from '@authwire/core';

/** What the app asks the union for: a transfer of `sendAmount` USD to a wallet. */
export interface TransferRequest {
  sendAmount: number;
  receiverMemberCode: string;
}

/** The union's quote, as the app shows it. */
export interface Quote {
  fee: string;
  total: string;
}

/**
 * A user's app, as the kit's README has one: it quotes a transfer through the union-service's
 * real `calculate-fee` path, authenticated by `withAuth`, and knows nothing of tests.
 *
 * @param provider - the union-service provider the app was configured with
 * @param baseUrl - the union's base URL, with its path prefix
 * @returns the app's one function
 * @example
 * ```ts
 * import { unionService } from '@authwire/union-service';
 * import { transferQuotes } from './app.js';
 *
 * const quotes = transferQuotes(unionService(config), 'https://union-uat.ist-pay.com/union-service');
 * await quotes.quote({ sendAmount: 100, receiverMemberCode: 'M-2' });
 * ```
 */
export function transferQuotes(provider: TokenProvider, baseUrl: string) {
  const api = withAuth(provider);
  return {
    async quote(transfer: TransferRequest): Promise<Quote> {
      const res = await api(`${baseUrl}/transfers/calculate-fee?api-version=1.0`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sendCurrencyCode: 'USD',
          receiveCurrencyCode: 'USD',
          sendAmount: transfer.sendAmount,
          senderMemberCode: 'M-1',
          receiveInCountryCode: 'US',
          receiverMemberCode: transfer.receiverMemberCode,
          channelType: 'Transfer2Wallet',
          createCurrencyRateToken: false,
        }),
      });
      if (!res.ok) throw new Error(`calculate-fee answered ${res.status}`);
      const body = (await res.json()) as { feeAmount: number; feeCurrency: string };
      return {
        fee: `${body.feeAmount.toFixed(2)} ${body.feeCurrency}`,
        total: `${(transfer.sendAmount + body.feeAmount).toFixed(2)} ${body.feeCurrency}`,
      };
    },
  };
}
