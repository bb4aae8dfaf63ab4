import { Controller, OnModuleDestroy, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErpGateway, ErpReply } from './gateway.service';

/** Query string and form body together; the body wins on a clash, repeated names keep the first. */
function flatParams(query: unknown, body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [query, body]) {
    if (!source || typeof source !== 'object') continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') out[name] = first;
    }
  }
  return out;
}

/**
 * The Jushuitan-style open API (real host: openapi.jushuitan.com): every `/open/…` and `/openWeb/…` path comes
 * here and the gateway picks the endpoint. Answers withheld by the timeout-after-store switch are held or dropped.
 */
@Controller()
export class OpenController implements OnModuleDestroy {
  private readonly held = new Map<NodeJS.Timeout, () => void>();

  constructor(private readonly gateway: ErpGateway) {}

  @Post(['open/*path', 'openWeb/*path'])
  async call(@Req() req: Request, @Res() res: Response): Promise<void> {
    const reply = await this.gateway.call(req.path, flatParams(req.query, req.body));
    if (!reply.withhold) return send(res, reply);
    if (reply.withhold.mode === 'drop') {
      req.socket.destroy();
      return;
    }
    const release = () => send(res, reply);
    const timer = setTimeout(() => {
      this.held.delete(timer);
      release();
    }, reply.withhold.holdMs);
    this.held.set(timer, release);
  }

  /** Shutting down answers whatever is still held, so the server can close. */
  onModuleDestroy(): void {
    for (const [timer, release] of this.held) {
      clearTimeout(timer);
      release();
    }
    this.held.clear();
  }
}

function send(res: Response, reply: ErpReply): void {
  if (res.destroyed || res.headersSent) return;
  res.status(reply.status).type(reply.contentType).send(reply.text);
}
