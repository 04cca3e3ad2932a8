// Route modules of a node, by door: one line adds a capability's routes to the door it belongs on.
// A route is on exactly one door; the others answer 404 for it.
import type { FastifyInstance } from 'fastify';
import type { Door } from '../../config';
import type { NodeContext } from '../../node/context';
import { registerEntryRoutes } from './entries';
import { registerIntakeRoutes } from './intake';
import { registerEvidenceRoutes } from './evidence';
import { registerOverstayRoutes } from './overstays';
import { registerResidencyRoutes } from './residency';
import { registerStayRoutes } from './stays';
import { registerCodecRoutes } from './codec';
import { registerCorrectionRoutes } from './corrections';
import { registerRecordRoutes } from './records';
import { registerObservabilityRoutes } from '../../observability/routes';
import { registerRejectedRoutes } from './rejected';
import { registerHoldRoutes } from './holds';
import { registerPersonRoutes } from './persons';
import { registerCredentialRoutes } from './credentials';
import { registerSessionRoutes } from '../session/routes';

export type RouteModule = (app: FastifyInstance, ctx: NodeContext) => void;

export const DOOR_ROUTES: Record<Door, RouteModule[]> = {
  /** The node's ports: POST /entries, each port with its own token. */
  capture: [registerEntryRoutes],
  /** The partner: signed batches and acknowledgements only. */
  partner: [registerIntakeRoutes],
  /** People: every route names the least role it needs (config.role). */
  operator: [
    registerStayRoutes,
    registerOverstayRoutes,
    registerEvidenceRoutes,
    registerResidencyRoutes,
    registerCodecRoutes,
    registerRecordRoutes,
    registerCorrectionRoutes,
    registerRejectedRoutes,
    registerHoldRoutes,
    registerObservabilityRoutes,
    registerPersonRoutes,
    registerCredentialRoutes,
    registerSessionRoutes,
  ],
};
