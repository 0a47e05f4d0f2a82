/**
 * Rebuilds the share tree from what the collector stores, and reduces it to the numbers a site
 * owner reads: how many visits came through shares, how many generations deep a post travelled,
 * and how much each generation shared and brought in.
 *
 * Generations: a share made by a direct visitor (no token) is generation 1; a share made by a
 * visitor who arrived through a generation-g share is generation g + 1. A visit's generation is
 * that of the share it arrived through.
 *
 * Stored data is never perfect, so the rules for broken data are fixed here, once:
 * - A parent token that matches no recorded share (its share event was lost, blocked or sent
 *   before tracking began) still proves a share happened, so it is taken to be an unrecorded
 *   generation-1 share and its child is generation 2. Guessing 1 would flatten real chains; the
 *   lost share itself is not counted in `sharesPerGeneration`.
 * - A token recorded twice (a retried event) counts once: the first record is kept.
 * - A cycle (a share that is, through its parents, its own ancestor) cannot happen with honest
 *   clients, so it is treated as broken: every share on the cycle is generation 1, and shares made
 *   from them count on from there. It must never hang the report.
 *
 * An empty or missing parent counts as none (direct). Tokens are compared exactly as stored; the collector stores them normalised (`parseShareToken`).
 * The walk is iterative with typed arrays, so a million records take a fraction of a second and
 * a chain a hundred thousand generations deep does not touch the call stack.
 */

/** A share action: the token it minted, and the token its visit arrived with (null: a direct visitor shared). */
export interface ShareRecord {
  token: string;
  parent: string | null;
  network?: string;
}

/** A page view: the token it arrived with (null: a direct visit). */
export interface VisitRecord {
  parent: string | null;
}

export interface ShareTreeStats {
  /** Visits with no token. */
  directVisits: number;
  /** Visits with a token, attributed or not. */
  sharedVisits: number;
  /** `sharedVisits / directVisits`: visits shares brought per direct visit; null when there was no direct visit. */
  amplification: number | null;
  /** Deepest generation that brought at least one visit; 0 when no visit came through a share. */
  depth: number;
  /** Shares per generation: index 0 is generation 1 (shares by direct visitors), index 1 generation 2… */
  sharesPerGeneration: number[];
  /** Visits that arrived through a share of each generation, indexed like `sharesPerGeneration`. */
  reachPerGeneration: number[];
  /** Visits whose token matches no recorded share: counted in `sharedVisits` but in no generation. */
  unattributedVisits: number;
  /**
   * Reader submissions (creations, letters, mentions) by the generation of the share their author
   * arrived through, indexed like `reachPerGeneration`; present when submissions were passed in.
   */
  creationsPerGeneration?: number[];
  /** Submissions whose author arrived with no token. */
  directCreations?: number;
  /** Submissions whose token matches no recorded share. */
  unattributedCreations?: number;
}

/** Parent index of a share whose visit had no token. */
const DIRECT = -1;
/** Parent index of a share whose parent token matches no recorded share. */
const UNRECORDED = -2;
/** Generation mark of a share whose walk is under way: meeting it again means a cycle. */
const IN_PROGRESS = -1;

/** Recorded shares, one per token (first record wins), with each share's parent as an index. */
interface IndexedShares {
  indexOf: Map<string, number>;
  parentOf: Int32Array;
}

function indexShares(shares: Iterable<ShareRecord>): IndexedShares {
  const indexOf = new Map<string, number>();
  const parents: (string | null)[] = [];
  for (const share of shares) {
    if (indexOf.has(share.token)) continue;
    indexOf.set(share.token, parents.length);
    parents.push(share.parent || null);
  }
  const parentOf = new Int32Array(parents.length);
  for (let i = 0; i < parents.length; i++) {
    const parent = parents[i];
    parentOf[i] = parent == null ? DIRECT : (indexOf.get(parent) ?? UNRECORDED);
  }
  return { indexOf, parentOf };
}

/**
 * Each share's generation. Walks up from every share not yet placed until it meets a direct
 * share, an unrecorded parent, an already placed share or a cycle, then numbers the path on the
 * way back down. Each share is walked once, so the whole pass is linear.
 */
function generationsOf(parentOf: Int32Array): Int32Array {
  const generation = new Int32Array(parentOf.length);
  const path: number[] = [];
  for (let start = 0; start < parentOf.length; start++) {
    if (generation[start] !== 0) continue;
    let current = start;
    let below: number;
    for (;;) {
      generation[current] = IN_PROGRESS;
      path.push(current);
      const parent = parentOf[current] as number;
      if (parent === DIRECT) {
        below = 0;
        break;
      }
      if (parent === UNRECORDED) {
        below = 1;
        break;
      }
      const parentGeneration = generation[parent] as number;
      if (parentGeneration > 0) {
        below = parentGeneration;
        break;
      }
      if (parentGeneration === IN_PROGRESS) {
        let member: number | undefined;
        do {
          member = path.pop() as number;
          generation[member] = 1;
        } while (member !== parent);
        below = 1;
        break;
      }
      current = parent;
    }
    while (path.length > 0) {
      below += 1;
      generation[path.pop() as number] = below;
    }
  }
  return generation;
}

/**
 * Rebuilds the share tree from the stored share actions and visits. Pure and linear: pass
 * generators to stream rows from storage. The per-generation arrays have one entry per
 * generation up to the deepest one holding a share, and no trailing zeros. Submissions, when
 * given (each with the token its author arrived with), are attributed exactly like visits.
 */
export function rebuildShareTree(
  shares: Iterable<ShareRecord>,
  visits: Iterable<VisitRecord>,
  creations?: Iterable<VisitRecord>,
): ShareTreeStats {
  const { indexOf, parentOf } = indexShares(shares);
  const generation = generationsOf(parentOf);

  let deepest = 0;
  for (const g of generation) if (g > deepest) deepest = g;
  const sharesPerGeneration = new Array<number>(deepest).fill(0);
  const reachPerGeneration = new Array<number>(deepest).fill(0);
  for (const g of generation) sharesPerGeneration[g - 1] = (sharesPerGeneration[g - 1] as number) + 1;

  let directVisits = 0;
  let sharedVisits = 0;
  let unattributedVisits = 0;
  let depth = 0;
  for (const visit of visits) {
    if (!visit.parent) {
      directVisits++;
      continue;
    }
    sharedVisits++;
    const share = indexOf.get(visit.parent);
    if (share === undefined) {
      unattributedVisits++;
      continue;
    }
    const g = generation[share] as number;
    reachPerGeneration[g - 1] = (reachPerGeneration[g - 1] as number) + 1;
    if (g > depth) depth = g;
  }

  const tree: ShareTreeStats = {
    directVisits,
    sharedVisits,
    amplification: directVisits === 0 ? null : sharedVisits / directVisits,
    depth,
    sharesPerGeneration,
    reachPerGeneration,
    unattributedVisits,
  };
  if (creations === undefined) return tree;
  const creationsPerGeneration = new Array<number>(deepest).fill(0);
  let directCreations = 0;
  let unattributedCreations = 0;
  for (const creation of creations) {
    const share = creation.parent ? indexOf.get(creation.parent) : undefined;
    if (!creation.parent) directCreations++;
    else if (share === undefined) unattributedCreations++;
    else {
      const g = generation[share] as number;
      creationsPerGeneration[g - 1] = (creationsPerGeneration[g - 1] as number) + 1;
    }
  }
  return { ...tree, creationsPerGeneration, directCreations, unattributedCreations };
}
