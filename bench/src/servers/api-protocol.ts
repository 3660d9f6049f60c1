/** Paths of the loopback API server, shared by the server (child process) and its client. */
export const API_PATHS = {
  /** Answers `{"ok":true}` to anyone: the request-overhead target. */
  data: '/data',
  /**
   * Answers 200 to a live token (`Bearer` from `/oauth2/token`, or a `JWT` whose `exp` is
   * ahead), else 401; closes the connection after each answer.
   */
  protected: '/protected',
  /** An OAuth2 token endpoint: `grant_type=client_credentials`, Basic or body client authentication. */
  token: '/oauth2/token',
  /** GET: the counters; POST: resets them and sets the token lifetime. */
  control: '/__control',
} as const;

/** The OAuth2 client the token endpoint accepts. */
export const OAUTH2_CLIENT = { id: 'bench-client', secret: 'bench-secret' } as const;

/** The API server's counters. */
export interface ApiStats {
  /** Answers of the token endpoint that issued a token. */
  tokenCalls: number;
  /** `/protected` answered 200. */
  accepted: number;
  /** `/protected` answered 401. */
  rejected: number;
}

/** The body of a control POST. */
export interface ApiControl {
  /** `expires_in` of the tokens issued from now on, in seconds. */
  tokenLifetimeS: number;
}
