import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Protocol } from '../profile/types';
import { S3Error } from './errors';
import { handleRequest } from './handler';
import type { RequestContext } from './request';
import type { EndpointState } from './state';
import { errorDocument } from './xml';
import { randomBytes } from './crypto';

export interface Listener {
  server: http.Server;
  url: string;
}

function onRequest(state: EndpointState, protocol: Protocol) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const ctx: RequestContext = {
      state,
      req,
      res,
      protocol,
      requestId: randomBytes(8).toString('hex').toUpperCase(),
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath: req.url ?? '/',
      rawQuery: '',
      query: new URLSearchParams(),
      v2Resource: req.url ?? '/',
      headers: req.headers,
      body: Buffer.alloc(0),
      responseHeaders: {},
    };
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handleRequest(ctx).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** Requests Node's parser refuses (huge headers, garbage) still get an S3 error document. */
function onClientError(e: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || e.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const error =
    e.code === 'HPE_HEADER_OVERFLOW'
      ? new S3Error(400, 'RequestHeaderSectionTooLarge', undefined, { MaxSizeAllowed: String(http.maxHeaderSize) })
      : new S3Error(400, 'BadRequest', 'The request could not be parsed as HTTP.');
  const body = errorDocument(error, '/', randomBytes(8).toString('hex').toUpperCase());
  socket.end(`HTTP/1.1 ${error.status} Bad Request\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function listen(server: http.Server, host: string, port: number, scheme: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: p } = server.address() as AddressInfo;
      resolve({ server, url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${p}` });
    });
  });
}

const SERVER_OPTIONS = { keepAliveTimeout: 30_000, headersTimeout: 20_000, requestTimeout: 120_000 };

export function startHttp(state: EndpointState, host: string, port: number): Promise<Listener> {
  const server = http.createServer(SERVER_OPTIONS, onRequest(state, 'http'));
  server.on('clientError', onClientError);
  return listen(server, host, port, 'http');
}

export function startHttps(state: EndpointState, host: string, port: number, tls: { cert: string; key: string }): Promise<Listener> {
  const server = https.createServer({ ...SERVER_OPTIONS, cert: tls.cert, key: tls.key }, onRequest(state, 'https'));
  server.on('clientError', onClientError);
  server.on('tlsClientError', () => undefined);
  return listen(server, host, port, 'https');
}

export function stop(l: Listener): Promise<void> {
  return new Promise((resolve) => {
    l.server.close(() => resolve());
    l.server.closeAllConnections();
  });
}
