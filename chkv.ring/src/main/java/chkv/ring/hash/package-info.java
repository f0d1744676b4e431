/** The built-in hash functions, found through their providers; not exported. */
package chkv.ring.hash;
