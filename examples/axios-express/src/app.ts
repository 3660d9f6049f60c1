/**
 * The Express app: routes that call Masters India's e-way bill and e-invoice APIs through one
 * axios instance, authorized by `authAxios`. No port, no `listen`: `main.ts` serves it.
 */
import { authAxios } from '@authwire/axios';
import { type AuthEvent, isAuthError } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import axios, { isAxiosError } from 'axios';
import express, { type ErrorRequestHandler, type Express } from 'express';

/** What the app reads from the environment. */
export interface AppEnv {
  MI_USERNAME?: string | undefined;
  MI_PASSWORD?: string | undefined;
  /** @default 'https://api-platform.mastersindia.co' */
  MI_BASE_URL?: string | undefined;
}

/** Masters India's envelope: `results.code` 200 on success, e.g. 204 with a message when it cannot serve. */
interface Results<Message> {
  results: { code: number; status: string; message: Message | string };
}

interface EwayBill {
  ewayBillNo: number;
  ewayBillDate: string;
  validUpto: string;
}

interface Einvoice {
  Irn: string;
  AckNo: number;
  Status: string;
}

/** The message of a successful answer; a 422 error for one whose body reports a failure. */
function messageOf<Message>({ results }: Results<Message>): Message {
  if (results.code !== 200 || typeof results.message === 'string') {
    throw Object.assign(new Error(String(results.message)), { status: 422 });
  }
  return results.message;
}

function required(env: AppEnv, name: 'MI_USERNAME' | 'MI_PASSWORD'): string {
  const value = env[name];
  if (!value) throw new Error(`set ${name} (see README.md)`);
  return value;
}

/**
 * Builds the app and its one provider: every request shares the provider's cached token.
 *
 * @param env - credentials and host
 * @param onEvent - called with each token event (login, refresh, …)
 * @returns the Express app
 */
export function createApp(env: AppEnv, onEvent?: (event: AuthEvent) => void): Express {
  const provider = mastersIndia(
    {
      baseUrl: env.MI_BASE_URL ?? 'https://api-platform.mastersindia.co',
      username: required(env, 'MI_USERNAME'),
      password: required(env, 'MI_PASSWORD'),
    },
    onEvent ? { onEvent } : {},
  );
  const masters = axios.create({ baseURL: env.MI_BASE_URL ?? 'https://api-platform.mastersindia.co' });
  // Adds `Authorization: JWT …` to requests for the provider's origin; replays once after a 401.
  authAxios(masters, provider);

  const app = express();
  app.use(express.json());

  app.post('/eway-bills', async (req, res) => {
    const { data } = await masters.post<Results<EwayBill>>('/api/v1/ewayBillsGenerate/', req.body);
    const bill = messageOf(data);
    res.status(201).json({ ewayBillNo: bill.ewayBillNo, date: bill.ewayBillDate, validUpto: bill.validUpto });
  });

  app.get('/einvoices/:irn', async (req, res) => {
    const params = { gstin: req.query.gstin, irn: req.params.irn };
    const { data } = await masters.get<Results<Einvoice>>('/api/v1/get-einvoice/', { params });
    const invoice = messageOf(data);
    res.json({ irn: invoice.Irn, ackNo: invoice.AckNo, status: invoice.Status });
  });

  // Express 5 passes a rejected handler's error here. Never echo the error itself: it may hold
  // the request it failed on.
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    if (isAuthError(error)) {
      const unavailable = error.code === 'PROVIDER_UNAVAILABLE' || error.code === 'RATE_LIMITED';
      res.status(unavailable ? 503 : 502).json({ error: error.code });
    } else if (isAxiosError(error)) {
      res.status(502).json({ error: `HTTP ${error.response?.status ?? 'error'} from Masters India` });
    } else {
      const status = (error as { status?: unknown }).status === 422 ? 422 : 500;
      res.status(status).json({ error: status === 422 ? (error as Error).message : 'internal error' });
    }
  };
  app.use(onError);
  return app;
}
