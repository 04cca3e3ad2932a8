// Route modules of a node, one line per capability.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';

import { registerCodecRoutes } from './codec';

type RouteModule = (app: FastifyInstance, ctx: NodeContext) => void;

const MODULES: RouteModule[] = [
  registerCodecRoutes,
];

export function registerRoutes(app: FastifyInstance, ctx: NodeContext): void {
  for (const register of MODULES) register(app, ctx);
}
