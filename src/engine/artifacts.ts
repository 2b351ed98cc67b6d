/**
 * The artifact registry. Each source declares the artifacts it produces by augmenting this
 * interface from its own folder (declaration merging), so checks get typed data without one
 * shared file that every source must edit:
 *
 *   declare module '../../engine/artifacts.ts' {
 *     interface ArtifactMap { 'graph.users': GraphUser[] }
 *   }
 *
 * Keys are `<source>.<name>`; the prefix names the source that collects it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by every source
export interface ArtifactMap {}

export type ArtifactKey = keyof ArtifactMap & string;

export function sourceOf(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}
