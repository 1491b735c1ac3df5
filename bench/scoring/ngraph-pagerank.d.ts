// ngraph.pagerank ships no types. It takes the teleport-free probability (damping) and an L1
// stopping distance, ignores link weights and has no iteration cap.
declare module 'ngraph.pagerank' {
  import type { Graph } from 'ngraph.graph';

  export default function pagerank(graph: Graph, damping?: number, epsilon?: number): Record<string, number>;
}
