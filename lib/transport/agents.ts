import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

export interface TlsOptions {
  caFile?: string;
  insecure?: boolean;
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
  /** The CA bundle to trust (null: the system's), shared with the trusted client. */
  ca?: string;
  rejectUnauthorized: boolean;
  destroy(): void;
}

/** One keep-alive agent per protocol, so a run pays each TLS handshake once per socket. */
export function createAgents(tls: TlsOptions, maxSockets = 32): Agents {
  const ca = tls.caFile ? fs.readFileSync(tls.caFile, 'utf8') : undefined;
  const rejectUnauthorized = !tls.insecure;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets, ca, rejectUnauthorized });
  return {
    http: httpAgent,
    https: httpsAgent,
    ca,
    rejectUnauthorized,
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
