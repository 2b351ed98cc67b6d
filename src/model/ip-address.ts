/**
 * Address arithmetic for SPF ip4/ip6 terms and sender checks. `node:net` is the one I/O module the
 * model may touch, and only here: `isIP` and `BlockList` are pure computations that open no socket.
 */
export { BlockList, isIP } from 'node:net';
