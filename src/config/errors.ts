// One error for a bad configuration, listing every problem at once, so an operator fixes a bad
// deployment in one pass.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
