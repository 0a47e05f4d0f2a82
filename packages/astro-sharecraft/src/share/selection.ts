/**
 * How many of a block's networks the selection popover offers: its first link networks, in the
 * owner's order. The share script and the manifest reader both take this many.
 */
export const SELECTION_NETWORKS = 3;
