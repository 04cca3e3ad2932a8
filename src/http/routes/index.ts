// Route modules of a node, one line per capability.
import type { FastifyInstance } from 'fastify';
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
import { registerPersonRoutes } from './persons';

type RouteModule = (app: FastifyInstance, ctx: NodeContext) => void;

const MODULES: RouteModule[] = [
  registerEntryRoutes,
  registerIntakeRoutes,
  registerStayRoutes,
  registerOverstayRoutes,
  registerEvidenceRoutes,
  registerResidencyRoutes,
  registerCodecRoutes,
  registerRecordRoutes,
  registerCorrectionRoutes,
  registerPersonRoutes,
];

export function registerRoutes(app: FastifyInstance, ctx: NodeContext): void {
  for (const register of MODULES) register(app, ctx);
}
