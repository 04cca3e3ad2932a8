// What a node's activities and HTTP handlers share: its configuration, database, Temporal client,
// clock and logger. Built once per node process (or per node in a test).
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Clock } from './clock';
import type { NodeConfig } from '../config';
import type { Logger } from '../observability/log';

export interface NodeContext {
  config: NodeConfig;
  pool: Pool;
  temporal: Client;
  /**
   * A client on the stays' worker connection, set when this process runs that worker: stays are
   * started through it with eager start (the first workflow task comes back with the start).
   */
  stayStarter?: Client;
  clock: Clock;
  log: Logger;
}
