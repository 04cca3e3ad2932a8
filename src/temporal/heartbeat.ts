// Progress heartbeats from code that runs inside an activity and outside one alike (a script or a
// test calling a service directly): outside an activity there is nobody to tell.
import { Context } from '@temporalio/activity';

export function heartbeat(detail?: unknown): void {
  try {
    Context.current().heartbeat(detail);
  } catch {
    /* not in an activity */
  }
}
