// PLACEHOLDER owned by the stays branch, which replaces this file: it starts a stay workflow for each
// newly captured entry that needs one (an admission period or a removal order) and sets
// entries.has_stay. Capture calls it after its rows are committed.
import type { NodeContext } from '../node/context';

export async function startStays(_ctx: NodeContext, _entryIds: string[]): Promise<void> {
  // Nothing to do until the stays branch lands.
}
