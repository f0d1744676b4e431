/**
 * CHKV's public API: the exception hierarchy, the protocol-neutral {@link chkv.api.Reply}
 * model, hash ranges and the Redis glob matcher shared by every store.
 */
package chkv.api;
