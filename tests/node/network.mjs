// Read a GEXF or GraphML file with graphology (the graph library behind sigma.js) and print what it
// read as JSON: node and edge counts, the number of distinct edge keys, and one node's attributes.
// Usage: node network.mjs FILE (gexf|graphml) [NODE]
import { readFileSync } from "node:fs";
import graphology from "graphology";
import gexf from "graphology-gexf";
import graphml from "graphology-graphml";

const [file, format, node] = process.argv.slice(2);
const parser = format === "gexf" ? gexf : graphml;
const graph = parser.parse(graphology.MultiDirectedGraph, readFileSync(file, "utf8"));
const keys = new Set(graph.edges());
process.stdout.write(JSON.stringify({
  nodes: graph.order,
  edges: graph.size,
  distinctEdgeKeys: keys.size,
  node: node && graph.hasNode(node) ? graph.getNodeAttributes(node) : null,
}));
