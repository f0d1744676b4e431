/**
 * The consistent-hash ring: {@link chkv.ring.Ring} snapshots tagged with an epoch, with weighted
 * virtual nodes, owner and preference-list lookups, the ranges each node owns, and
 * {@link chkv.ring.RingDiff}s that say which ranges move from whom to whom.
 */
package chkv.ring;
