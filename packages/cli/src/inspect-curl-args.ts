// curl 7.88's options that take a value (`curl --help all`). An option missing here (a newer
// one) makes its value look like a URL, which is then foreign: no header. It fails closed.
const SHORT_NAMES: Readonly<Record<string, string>> = {
  A: 'user-agent',
  b: 'cookie',
  C: 'continue-at',
  c: 'cookie-jar',
  D: 'dump-header',
  d: 'data',
  E: 'cert',
  e: 'referer',
  F: 'form',
  H: 'header',
  h: 'help',
  K: 'config',
  m: 'max-time',
  o: 'output',
  P: 'ftp-port',
  Q: 'quote',
  r: 'range',
  T: 'upload-file',
  t: 'telnet-option',
  U: 'proxy-user',
  u: 'user',
  w: 'write-out',
  X: 'request',
  x: 'proxy',
  Y: 'speed-limit',
  y: 'speed-time',
  z: 'time-cond',
};

const VALUE_OPTIONS = new Set([
  ...Object.values(SHORT_NAMES),
  ...`
    abstract-unix-socket alt-svc aws-sigv4 cacert capath cert-type ciphers connect-timeout
    connect-to create-file-mode crlfile curves data-ascii data-binary data-raw data-urlencode
    delegation dns-interface dns-ipv4-addr dns-ipv6-addr dns-servers doh-url egd-file engine
    etag-compare etag-save expect100-timeout form-string ftp-account ftp-alternative-to-user
    ftp-method ftp-ssl-ccc-mode happy-eyeballs-timeout-ms hostpubmd5 hostpubsha256 hsts interface
    json keepalive-time key key-type krb libcurl limit-rate local-port login-options mail-auth
    mail-from mail-rcpt max-filesize max-redirs netrc-file noproxy oauth2-bearer output-dir
    parallel-max pass pinnedpubkey preproxy proto proto-default proto-redir proxy-cacert
    proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key
    proxy-key-type proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers
    proxy-tlsauthtype proxy-tlspassword proxy-tlsuser proxy1.0 pubkey random-file rate
    request-target resolve retry retry-delay retry-max-time sasl-authzid service-name socks4 socks4a
    socks5 socks5-gssapi-service socks5-hostname stderr tftp-blksize tls-max tls13-ciphers
    tlsauthtype tlspassword tlsuser trace trace-ascii unix-socket url url-query
  `
    .trim()
    .split(/\s+/),
]);

/** What authwire needs to know of a curl command line before adding a token to it. */
export interface CurlArgsInfo {
  /** The URLs curl will request: positional arguments and `--url` values. */
  readonly urls: readonly string[];
  /** `-K` / `--config`: the file may name URLs authwire cannot see. */
  readonly usesConfigFile: boolean;
  /** A `-H 'Authorization: …'` of the user's own. */
  readonly setsAuthorization: boolean;
  /** The names (lower case) of the headers the user's own `-H` options set. */
  readonly headerNames: readonly string[];
  /** Something reads stdin (`-d @-`, `-T -`, `-H @-`), which carries authwire's header. */
  readonly readsStdin: boolean;
}

/**
 * Reads a curl argument list the way curl does, as far as authwire needs: which URLs it
 * requests and whether it reads stdin or sets `Authorization` itself.
 *
 * @param args - the arguments given to curl
 * @returns what they do
 */
export function inspectCurlArgs(args: readonly string[]): CurlArgsInfo {
  const urls: string[] = [];
  let usesConfigFile = false;
  let setsAuthorization = false;
  let readsStdin = false;
  const headerNames: string[] = [];
  const option = (name: string, value: string) => {
    if (name === 'url') urls.push(value);
    if (name === 'config') usesConfigFile = true;
    if (name === 'header' && /^\s*authorization\s*:/i.test(value)) setsAuthorization = true;
    const header = name === 'header' ? /^\s*([^:;\s]+)\s*[:;]/.exec(value) : null;
    if (header?.[1] !== undefined) headerNames.push(header[1].toLowerCase());
    if (/(^|=)@-/.test(value) || (value === '-' && name === 'upload-file')) readsStdin = true;
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (VALUE_OPTIONS.has(name)) option(name, args[++index] ?? '');
    } else if (arg.startsWith('-') && arg.length > 1) {
      // Short options group (`-sSL`); a value option takes the rest of the group or the next argument.
      for (let at = 1; at < arg.length; at++) {
        const name = SHORT_NAMES[arg.charAt(at)];
        if (name === undefined) continue;
        option(name, at + 1 < arg.length ? arg.slice(at + 1) : (args[++index] ?? ''));
        break;
      }
    } else {
      urls.push(arg);
    }
  }
  return { urls, usesConfigFile, setsAuthorization, headerNames, readsStdin };
}

/**
 * The origin curl will connect to for `url`: curl reads a URL without a scheme as `http://`.
 *
 * @param url - a URL as given to curl
 * @returns its origin, or undefined when it does not parse (curl globbing in the host, …)
 */
export function curlOrigin(url: string): string | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).origin;
  } catch {
    return undefined;
  }
}
