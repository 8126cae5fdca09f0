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
import { handleAdmin, isAdminRequest } from './admin';

export interface Listener {
  server: http.Server;
  url: string;
}

/** The request being answered on each connection: a pipelined request's answer goes out before a parse error's. */
const inFlight = new WeakMap<Socket, { req: http.IncomingMessage; res: http.ServerResponse }>();

function onRequest(state: EndpointState, protocol: Protocol) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (protocol === 'http' && state.atRestToken && isAdminRequest(req)) {
      req.resume();
      handleAdmin(state, state.atRestToken, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    const entry = { req, res };
    inFlight.set(req.socket, entry);
    res.on('close', () => {
      if (inFlight.get(req.socket) === entry) inFlight.delete(req.socket);
    });
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
  const answer = () => {
    if (socket.writable) socket.end(`HTTP/1.1 ${error.status} Bad Request\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    else socket.destroy();
  };
  // Bytes after a complete request failed to parse: that request was (or is being) executed, so
  // its answer goes out first; ending the socket now would lose it (the client would see only
  // this 400 for a write that happened). A request whose own body failed to parse is answered
  // now: it will never complete (its handler sees the connection go).
  const pending = inFlight.get(socket);
  if (pending && pending.req.complete && !pending.res.writableFinished) {
    pending.res.once('finish', answer);
    pending.res.once('close', () => pending.res.writableFinished || socket.destroy());
  } else answer();
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

// requireHostHeader off: Node would answer a Host-less HTTP/1.1 request with a bare 400 of its
// own; checkMessage (request.ts) refuses it with an S3 error document instead.
const SERVER_OPTIONS = { keepAliveTimeout: 30_000, headersTimeout: 20_000, requestTimeout: 120_000, requireHostHeader: false };

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
