// Parse an RDF file with N3.js and write what it read as N-Quads on standard output, so that the
// Python tests can compare it, quad for quad, with the built dataset.
// Usage: node parse.mjs FILE FORMAT   (FORMAT: Turtle, N-Triples, TriG, N-Quads)
import { readFileSync } from "node:fs";
import { Parser, Writer } from "n3";

const [file, format] = process.argv.slice(2);
const quads = new Parser({ format }).parse(readFileSync(file, "utf8"));
const writer = new Writer({ format: "N-Quads" });
writer.addQuads(quads);
writer.end((error, result) => {
  if (error) throw error;
  process.stdout.write(result);
});
