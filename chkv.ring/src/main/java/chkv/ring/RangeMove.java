package chkv.ring;

import chkv.api.HashRange;

/**
 * One range to copy from a node that holds it before a ring change to a node that must hold it
 * after.
 *
 * @param range the positions to copy
 * @param from the node to copy from: the range's primary before the change
 * @param to the node that gains the range
 */
public record RangeMove(HashRange range, String from, String to) {}
