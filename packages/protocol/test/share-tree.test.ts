import { describe, expect, it } from 'vitest';
import { rebuildShareTree, type ShareRecord, type VisitRecord } from '../src/share-tree.js';

const direct = (count: number): VisitRecord[] => Array.from({ length: count }, () => ({ parent: null }));
const via = (token: string, count: number): VisitRecord[] => Array.from({ length: count }, () => ({ parent: token }));

describe('rebuildShareTree', () => {
  it('measures a three-generation tree', () => {
    // Direct visitors share a and b; readers of a share c and d, readers of b share e; a reader of d shares f.
    const shares: ShareRecord[] = [
      { token: 'f', parent: 'd', network: 'x' },
      { token: 'a', parent: null, network: 'bluesky' },
      { token: 'b', parent: null },
      { token: 'c', parent: 'a' },
      { token: 'd', parent: 'a' },
      { token: 'e', parent: 'b' },
    ];
    const visits = [...direct(10), ...via('a', 4), ...via('b', 2), ...via('c', 1), ...via('d', 3), ...via('f', 2)];
    expect(rebuildShareTree(shares, visits)).toEqual({
      directVisits: 10,
      sharedVisits: 12,
      amplification: 1.2,
      depth: 3,
      sharesPerGeneration: [2, 3, 1],
      reachPerGeneration: [6, 4, 2],
      unattributedVisits: 0,
    });
  });

  it('counts depth by visits brought, while the arrays run to the deepest share', () => {
    const shares = [
      { token: 'a', parent: null },
      { token: 'b', parent: 'a' },
    ];
    const stats = rebuildShareTree(shares, [...direct(1), ...via('a', 1)]);
    expect(stats.depth).toBe(1);
    expect(stats.sharesPerGeneration).toEqual([1, 1]);
    expect(stats.reachPerGeneration).toEqual([1, 0]);
  });

  it('reports an empty tree as empty', () => {
    expect(rebuildShareTree([], [])).toEqual({
      directVisits: 0,
      sharedVisits: 0,
      amplification: null,
      depth: 0,
      sharesPerGeneration: [],
      reachPerGeneration: [],
      unattributedVisits: 0,
    });
  });

  it('has no amplification without a direct visit, rather than dividing by zero', () => {
    const stats = rebuildShareTree([{ token: 'a', parent: null }], via('a', 3));
    expect(stats.amplification).toBeNull();
    expect(stats.reachPerGeneration).toEqual([3]);
  });

  it('counts a visit whose share was never recorded as shared but unattributed', () => {
    const stats = rebuildShareTree([{ token: 'a', parent: null }], [...direct(2), ...via('a', 1), ...via('lost', 3)]);
    expect(stats).toMatchObject({ directVisits: 2, sharedVisits: 4, amplification: 2, unattributedVisits: 3 });
    expect(stats.reachPerGeneration).toEqual([1]);
    expect(stats.depth).toBe(1);
  });

  it('takes a share whose parent was never recorded to be generation 2', () => {
    const stats = rebuildShareTree(
      [
        { token: 'b', parent: 'lost' },
        { token: 'c', parent: 'b' },
      ],
      [...via('lost', 1), ...via('b', 2), ...via('c', 1)],
    );
    expect(stats.sharesPerGeneration).toEqual([0, 1, 1]);
    expect(stats.reachPerGeneration).toEqual([0, 2, 1]);
    expect(stats.unattributedVisits).toBe(1);
    expect(stats.depth).toBe(3);
  });

  it('counts a token recorded twice once, keeping the first record', () => {
    const stats = rebuildShareTree(
      [
        { token: 'a', parent: null },
        { token: 'b', parent: 'a' },
        { token: 'b', parent: null },
        { token: 'a', parent: 'b' },
      ],
      via('b', 1),
    );
    expect(stats.sharesPerGeneration).toEqual([1, 1]);
    expect(stats.reachPerGeneration).toEqual([0, 1]);
  });

  it('breaks a cycle instead of hanging: its shares count as generation 1', () => {
    const stats = rebuildShareTree(
      [
        { token: 'r', parent: 'p' },
        { token: 'p', parent: 'q' },
        { token: 'q', parent: 'p' },
        { token: 's', parent: 's' },
        { token: 't', parent: 'r' },
      ],
      [...via('p', 1), ...via('q', 1), ...via('s', 1), ...via('r', 2), ...via('t', 1)],
    );
    expect(stats.sharesPerGeneration).toEqual([3, 1, 1]);
    expect(stats.reachPerGeneration).toEqual([3, 2, 1]);
    expect(stats.depth).toBe(3);
  });

  it('treats an empty parent as a direct visit', () => {
    const stats = rebuildShareTree([{ token: 'a', parent: '' }], [{ parent: '' }, ...via('a', 1)]);
    expect(stats).toMatchObject({ directVisits: 1, sharedVisits: 1, sharesPerGeneration: [1] });
  });

  it('follows a chain 100,000 generations deep without overflowing the stack', () => {
    const length = 100_000;
    // Youngest first, so the first share's walk climbs the whole chain.
    const shares = Array.from({ length }, (_, n) => {
      const generation = length - n;
      return { token: `t${generation}`, parent: generation === 1 ? null : `t${generation - 1}` };
    });
    const stats = rebuildShareTree(shares, [...direct(1), ...via(`t${length}`, 1)]);
    expect(stats.depth).toBe(length);
    expect(stats.sharesPerGeneration).toHaveLength(length);
    expect(stats.sharesPerGeneration.every((count) => count === 1)).toBe(true);
    expect(stats.reachPerGeneration[length - 1]).toBe(1);
  });

  // Speed belongs to the benchmarks; this checks that a million records stream through correctly.
  it('consumes a million streamed records and accounts for every one', () => {
    const count = 500_000;
    function* shares(): Generator<ShareRecord> {
      // Youngest first, each share's parent an earlier one picked by a multiplicative hash.
      for (let n = count - 1; n >= 0; n--)
        yield { token: `t${n}`, parent: n < 1000 ? null : `t${((n * 2654435761) % 2 ** 32) % n}` };
    }
    function* visits(): Generator<VisitRecord> {
      for (let n = 0; n < count; n++) yield { parent: n % 3 === 0 ? null : `t${(n * 104729) % count}` };
    }
    const stats = rebuildShareTree(shares(), visits());
    expect(stats.sharesPerGeneration.reduce((sum, n) => sum + n, 0)).toBe(count);
    expect(stats.directVisits + stats.sharedVisits).toBe(count);
    expect(stats.unattributedVisits).toBe(0);
    expect(stats.depth).toBeGreaterThan(5);
  });
});
