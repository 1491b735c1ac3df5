/**
 * Benchmark graphs: exactly `edgeCount` distinct weighted edges over `nodeCount` nodes, with
 * heavy-tailed out-degrees (a few prolific actors), heavier-tailed in-degrees (celebrities) and
 * communities of ~200 nodes that take 60 % of each node's edges (what makes PageRank need more than
 * a handful of iterations), no self-loops, listed by source. Ids carry no locality, as database ids
 * don't. Deterministic from the seed.
 */
import { AliasTable, Prng } from '@perkrank/scoring';

export interface SyntheticGraph {
  readonly nodeCount: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly weight: Float32Array;
}

export function syntheticGraph(nodeCount: number, edgeCount: number, seed: number): SyntheticGraph {
  const random = new Prng(seed);
  const maxDegree = Math.max(1, Math.floor(nodeCount / 10));
  if (edgeCount > nodeCount * maxDegree) throw new RangeError('too many edges for this node count');

  const outWeight = new Float64Array(nodeCount);
  const popularity = new Float64Array(nodeCount);
  let total = 0;
  for (let v = 0; v < nodeCount; v++) {
    outWeight[v] = random.pareto(1.8);
    popularity[v] = random.pareto(1.3);
    total += outWeight[v];
  }
  const degree = new Int32Array(nodeCount);
  let placed = 0;
  for (let v = 0; v < nodeCount; v++) {
    degree[v] = Math.min(maxDegree, Math.floor((outWeight[v] * edgeCount) / total));
    placed += degree[v];
  }
  while (placed < edgeCount) {
    const v = random.int(nodeCount);
    if (degree[v] < maxDegree) {
      degree[v]++;
      placed++;
    }
  }

  const targets = new AliasTable(popularity);
  // Community c holds the nodes v with community[v] = c; members listed contiguously for sampling.
  const communityCount = Math.max(1, Math.round(nodeCount / 200));
  const community = new Int32Array(nodeCount);
  const communityStart = new Int32Array(communityCount + 1);
  for (let v = 0; v < nodeCount; v++) {
    community[v] = random.int(communityCount);
    communityStart[community[v] + 1]++;
  }
  for (let c = 0; c < communityCount; c++) communityStart[c + 1] += communityStart[c];
  const communityMembers = new Int32Array(nodeCount);
  const fill = communityStart.slice(0, communityCount);
  for (let v = 0; v < nodeCount; v++) communityMembers[fill[community[v]]++] = v;

  const src = new Int32Array(edgeCount);
  const dst = new Int32Array(edgeCount);
  const weight = new Float32Array(edgeCount);
  const buffer = new Int32Array(maxDegree * 2);
  let e = 0;
  for (let s = 0; s < nodeCount; s++) {
    const want = degree[s];
    let have = 0;
    while (have < want) {
      for (let i = have; i < want; i++) {
        const c = community[s];
        const size = communityStart[c + 1] - communityStart[c];
        const local = random.next() < 0.6 && size > want * 2;
        let t = local ? communityMembers[communityStart[c] + random.int(size)] : targets.sample(random);
        if (t === s) t = random.int(nodeCount);
        buffer[i] = t === s ? (s + 1) % nodeCount : t;
      }
      const row = buffer.subarray(0, want);
      row.sort();
      have = 0;
      for (let i = 0; i < want; i++) if (i === 0 || row[i] !== row[i - 1]) row[have++] = row[i];
    }
    for (let i = 0; i < want; i++) {
      src[e] = s;
      dst[e] = buffer[i];
      weight[e] = 0.1 + 4.9 * random.next();
      e++;
    }
  }
  return { nodeCount, src, dst, weight };
}
