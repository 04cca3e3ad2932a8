// Configuration of a node and of the local demo, from environment variables with defaults: the one
// module that reads the environment (environment.ts), one file per concern. Every problem is
// collected and reported at once, so an operator fixes a bad deployment in one pass.
// Settings of one capability that import that capability (exchange.ts, retention.ts, scope.ts,
// codec-origins.ts, local-stack.ts) are imported from their own file, not re-exported here.
import type { Country } from './country';
import { ConfigError } from './errors';
import { processEnvironment, type Env } from './environment';
import { readLocalStackConfig, type LocalStackConfig } from './local-stack-settings';
import { DOORS, doorVariable, readNodeConfig, type NodeConfig } from './node';

export * from './country';
export * from './environment';
export * from './errors';
export * from './local-stack-settings';
export * from './node';
export * from './operators';
export * from './partner-tls';
export * from './limits';
export { isLoopbackUrl } from './reader';

/** Both nodes and the local stack; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = processEnvironment()): {
  nodes: Record<Country, NodeConfig>;
  local: LocalStackConfig;
} {
  const us = readNodeConfig('US', env);
  const ca = readNodeConfig('CA', env);
  const local = readLocalStackConfig(env);
  const problems = [...us.problems, ...ca.problems, ...local.problems];
  const taken = new Map<number, string>();
  for (const node of [us.config, ca.config]) {
    for (const door of DOORS) {
      const { port } = node.doors[door];
      const variable = doorVariable(node.country, door, 'PORT');
      if (port !== 0 && taken.has(port)) {
        problems.push(`${taken.get(port)} and ${variable} are both ${port}; give each door of each node its own port`);
      }
      taken.set(port, variable);
    }
  }
  if (
    us.config.temporal.namespace === ca.config.temporal.namespace &&
    us.config.temporal.address === ca.config.temporal.address
  ) {
    problems.push(
      'US and CA share one Temporal namespace; each node needs its own (US_TEMPORAL_NAMESPACE, CA_TEMPORAL_NAMESPACE)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { nodes: { US: us.config, CA: ca.config }, local: local.config };
}
