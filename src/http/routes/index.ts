// Route modules of a node, one line per capability.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { registerCodecRoutes } from './codec';
import { registerCorrectionRoutes } from './corrections';
import { registerRecordRoutes } from './records';

type RouteModule = (app: FastifyInstance, ctx: NodeContext) => void;

const MODULES: RouteModule[] = [
  registerCodecRoutes,
  registerRecordRoutes,
  registerCorrectionRoutes,
];

export function registerRoutes(app: FastifyInstance, ctx: NodeContext): void {
  for (const register of MODULES) register(app, ctx);
}
