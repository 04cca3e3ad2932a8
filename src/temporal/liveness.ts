// Liveness heartbeats: while any activity runs, its worker tells the server so every few seconds.
// An activity whose options set a heartbeat timeout is then failed over to another worker within
// that timeout when its process dies (SIGKILL, a lost machine), instead of after its whole
// start-to-close timeout. The heartbeats carry no details: no activity resumes from heartbeat
// details (they would be overwritten by these), progress lives in PostgreSQL.
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';

/** How often a running activity reports itself alive; well inside the shortest heartbeat timeout used (30 s). */
export const LIVENESS_BEAT_MS = 5_000;

/**
 * The heartbeat timeout of the node's long activities: a dead worker's attempt is retried after
 * this long. Imported by workflows (this module has no runtime imports).
 */
export const ACTIVITY_HEARTBEAT_TIMEOUT = '30 seconds';

export function livenessHeartbeats(beatMs = LIVENESS_BEAT_MS): ActivityInterceptorsFactory {
  return (ctx: Context): ActivityInterceptors => ({
    inbound: {
      async execute(input, next) {
        const timer = setInterval(() => ctx.heartbeat(), beatMs);
        try {
          return await next(input);
        } finally {
          clearInterval(timer);
        }
      },
    },
  });
}
