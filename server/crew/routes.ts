import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CREW_PAGE_PATH, CrewTapRequest } from '../../shared/sync/crew-link';
import { Budget } from './budget';
import { CREW_ASSETS, CREW_PAGE_HEADERS, crewPage, refusedPage } from './page';
import style from './page.css?raw';
import { CREW_PAGE_SCRIPT } from './page-script';
import { CrewRefusal, type CrewService, type Verdict } from './service';

export type CrewRoutesOptions = {
  service: CrewService;
  log: (line: string) => void;
  now: () => number;
};

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

const REFUSED_ZH: Record<CrewRefusal['code'], string> = {
  forged: '链接无效',
  expired: '链接已过期',
  closed: '工单已关闭',
  spent: '已报告修复，此链接已失效',
  invalid: '请求无效',
};

/**
 * The crew's mobile page and its two calls, under the sync server. Only a
 * verified token reaches a work order, and only its own; every refusal is
 * logged (the link id at most, never the token) and changes nothing. Each
 * address has a request allowance, a smaller one for refusals (guessing),
 * and each link one for taps.
 */
export function registerCrewPage(app: FastifyInstance, options: CrewRoutesOptions): void {
  const { service, log, now } = options;
  const perAddress = new Budget(120, 60_000, now);
  const refusals = new Budget(20, 600_000, now);
  const perLink = new Budget(30, 600_000, now);

  const tooMany = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!refusals.exhausted(request.ip) && perAddress.take(request.ip)) return false;
    log(`crew page ${request.method} ${request.routeOptions.url}: 429 for ${request.ip}`);
    void reply
      .status(429)
      .headers(CREW_PAGE_HEADERS)
      .send({ error: { code: 'rate-limited', message: 'too many requests; wait a few minutes' } });
    return true;
  };

  const refused = (request: FastifyRequest, error: CrewRefusal): void => {
    refusals.take(request.ip);
    log(
      `crew page ${request.method} ${request.routeOptions.url}: ${error.status} ${error.code} ` +
        `(${error.message}) from ${request.ip}`,
    );
  };

  /** The verdict on the request's token, or null once the refusal has been answered. */
  const verified = async (request: TokenRequest, reply: FastifyReply, as: 'page' | 'json') => {
    try {
      return await service.verify(request.params.token);
    } catch (error) {
      if (!(error instanceof CrewRefusal)) throw error;
      refused(request, error);
      void reply.status(error.status).headers(CREW_PAGE_HEADERS);
      if (as === 'page')
        void reply.type('text/html; charset=utf-8').send(refusedPage(REFUSED_ZH[error.code], error.message));
      else void reply.send({ error: { code: error.code, message: error.message } });
      return null;
    }
  };

  app.get(CREW_ASSETS.script, async (_request, reply) =>
    reply.headers(CREW_PAGE_HEADERS).type('text/javascript; charset=utf-8').send(CREW_PAGE_SCRIPT),
  );
  app.get(CREW_ASSETS.style, async (_request, reply) =>
    reply.headers(CREW_PAGE_HEADERS).type('text/css; charset=utf-8').send(style),
  );

  app.get(`${CREW_PAGE_PATH}/:token`, async (request: TokenRequest, reply) => {
    if (tooMany(request, reply)) return reply;
    const verdict = await verified(request, reply, 'page');
    if (!verdict) return reply;
    if (verdict.over) refused(request, verdict.over);
    // A link whose job is over still shows its history, with nothing to tap.
    return reply
      .status(verdict.over ? verdict.over.status : 200)
      .headers(CREW_PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(crewPage());
  });

  app.get(`${CREW_PAGE_PATH}/:token/state`, async (request: TokenRequest, reply) => {
    if (tooMany(request, reply)) return reply;
    const verdict = await verified(request, reply, 'json');
    if (!verdict) return reply;
    return reply.headers(CREW_PAGE_HEADERS).send(await service.state(verdict));
  });

  app.post(`${CREW_PAGE_PATH}/:token/taps`, { bodyLimit: 8 * 1024 }, async (request: TokenRequest, reply) => {
    if (tooMany(request, reply)) return reply;
    const verdict: Verdict | null = await verified(request, reply, 'json');
    if (!verdict) return reply;
    const answer = (status: number, error: CrewRefusal) => {
      refused(request, error);
      return reply
        .status(status)
        .headers(CREW_PAGE_HEADERS)
        .send({ error: { code: error.code, message: error.message } });
    };
    const parsed = CrewTapRequest.safeParse(request.body);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      return answer(400, new CrewRefusal('invalid', `${issue?.path.join('.') || 'body'}: ${issue?.message}`));
    }
    if (!perLink.take(verdict.link.sha256)) {
      return answer(429, new CrewRefusal('invalid', 'too many taps on this link; wait a few minutes'));
    }
    try {
      const result = await service.tap(verdict, parsed.data);
      if (!result.duplicate) {
        const { answer: a } = result;
        log(
          `crew answer: desk ${a.desk} ${a.workOrderId} ${a.kind} by ${parsed.data.member} (crew ${a.crewId})`,
        );
      }
      return reply
        .status(result.duplicate ? 200 : 201)
        .headers(CREW_PAGE_HEADERS)
        .send(result);
    } catch (error) {
      if (error instanceof CrewRefusal) return answer(error.status, error);
      throw error;
    }
  });
}
