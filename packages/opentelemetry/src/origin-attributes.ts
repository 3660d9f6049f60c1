import type { Attributes } from '@opentelemetry/api';
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_URL_SCHEME } from './names.js';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * `url.scheme`, `server.address` and `server.port` of an origin (the port spelled out or the
 * scheme's default); nothing for one that does not parse.
 */
export function originAttributes(origin: string): Attributes {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return {};
  }
  const attributes: Attributes = { [ATTR_URL_SCHEME]: url.protocol.slice(0, -1) };
  // An IPv6 host without its brackets, as semantic conventions write server.address.
  if (url.hostname !== '') attributes[ATTR_SERVER_ADDRESS] = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  return attributes;
}
