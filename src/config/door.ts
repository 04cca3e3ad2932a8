// The doors of a node, in their own file so the settings of each (node.ts, limits.ts) can name them.

/**
 * The three doors of a node, each its own listener: capture (the node's ports), partner (signed
 * intake and acknowledgements only: the one door that faces the partner) and operator (operator
 * API, codec endpoint, dashboards). A route exists on exactly one door.
 */
export type Door = 'capture' | 'partner' | 'operator';
export const DOORS: readonly Door[] = ['capture', 'partner', 'operator'];
