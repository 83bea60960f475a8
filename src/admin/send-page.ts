import type { FastifyReply } from 'fastify';

/** An admin page: never cached (it shows live figures and personal data), never framed. */
export function sendPage(reply: FastifyReply, status: number, body: string) {
  reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('x-frame-options', 'DENY').send(body);
}
