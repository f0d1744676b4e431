/** The consistent-hash ring. */
package chkv.ring;
