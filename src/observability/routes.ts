// The operator side's observability routes, all behind the operator credential:
//   GET /metrics                  Prometheus text: the node's business metrics and the Temporal SDK's
//                                 worker metrics (exported by the SDK runtime on a local port)
//   GET /dashboard                the dashboard page (Chart.js, served from the project: no CDN)
//   GET /dashboard/chart.umd.js   the charting library
//   GET /dashboard/data?from&to   the page's aggregates (counts per day, no personal data)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { addDays, daysBetween, isIsoDate, utcDay } from '../calendar';
import type { NodeContext } from '../node/context';
import { temporalMetricsAddress } from '../temporal/runtime';
import { dashboardData } from './dashboard-data';
import { metricsOf } from './metrics';
import { exchangeScheduleId } from '../exchange/schedules';
import { PAGE_HEADERS } from '../http/session/routes';

const DASHBOARD_HTML = path.join(__dirname, 'dashboard.html');
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
const DEFAULT_DAYS = 30;
const MAX_DAYS = 400;

/** The SDK's own metrics, or a comment saying why they are missing (the scrape still succeeds). */
async function temporalSdkMetrics(): Promise<string> {
  const address = temporalMetricsAddress();
  if (!address) return '# Temporal SDK metrics: not exported by this process (runtime installed without them)\n';
  try {
    const response = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(5000) });
    return await response.text();
  } catch (err) {
    return `# Temporal SDK metrics unavailable: ${(err as Error).name}\n`;
  }
}

/**
 * The exchange schedule as the dashboard tells it: a fresh node's charts are empty until the first
 * cycle, so the page says when that runs. Temporal being unreachable is said, never thrown.
 */
async function exchangeScheduleState(
  ctx: NodeContext,
): Promise<{ id: string; nextRunAt: string | null; runs: number | null; problem?: string }> {
  const id = exchangeScheduleId(ctx.config);
  try {
    const described = await ctx.temporal.schedule.getHandle(id).describe();
    return {
      id,
      nextRunAt: described.info.nextActionTimes[0]?.toISOString() ?? null,
      runs: described.info.recentActions.length,
    };
  } catch (err) {
    return { id, nextRunAt: null, runs: null, problem: (err as Error).name };
  }
}

/** CSP sources for the page's own inline script and style blocks, by hash: nothing else inline runs. */
function inlineBlockHashes(html: string): { script: string[]; style: string[] } {
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
      (m) => `'sha256-${crypto.createHash('sha256').update(m[1]).digest('base64')}'`,
    );
  return { script: hashes('script'), style: hashes('style') };
}

export function registerObservabilityRoutes(app: FastifyInstance, ctx: NodeContext): void {
  // The operator door authenticates every request; aggregates need no more than the reader role.
  const reader = { config: { role: 'reader' as const } };
  const metrics = metricsOf(ctx);

  app.get('/metrics', reader, async (_request, reply) => {
    const [own, sdk] = await Promise.all([metrics.registry.metrics(), temporalSdkMetrics()]);
    return reply.header('content-type', metrics.registry.contentType).send(`${own}\n${sdk}`);
  });

  const html = fs.readFileSync(DASHBOARD_HTML, 'utf8');
  const inline = inlineBlockHashes(html);
  const pageHeaders = {
    ...PAGE_HEADERS,
    'content-security-policy': `${PAGE_HEADERS['content-security-policy']}; script-src 'self' ${inline.script.join(' ')}; style-src 'self' ${inline.style.join(' ')}`,
  };
  app.get('/dashboard', reader, async (_request, reply) =>
    reply.headers({ ...pageHeaders, 'content-type': 'text/html; charset=utf-8' }).send(html),
  );

  app.get('/dashboard/chart.umd.js', reader, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'private, max-age=3600')
      .send(fs.createReadStream(CHART_JS)),
  );

  app.get<{ Querystring: { from?: string; to?: string } }>('/dashboard/data', reader, async (request, reply) => {
    const today = utcDay(ctx.clock.now());
    const to = request.query.to ?? today;
    const from = request.query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (!isIsoDate(from) || !isIsoDate(to))
      return reply.status(400).send({ error: 'from and to must be real dates written YYYY-MM-DD' });
    const days = daysBetween(from, to) + 1;
    if (days < 1 || days > MAX_DAYS)
      return reply.status(400).send({ error: `from must not be after to, and the range at most ${MAX_DAYS} days` });
    const [data, schedule] = await Promise.all([
      dashboardData(ctx.pool, ctx.config.country, from, to, ctx.clock.now()),
      exchangeScheduleState(ctx),
    ]);
    return { ...data, schedule };
  });
}
