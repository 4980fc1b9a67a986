// Parse each Mermaid file named on the command line with Mermaid's own parser and print, per
// file, one JSON line: the diagram type, each vertex (id, shape, label text as Mermaid will
// show it, entity codes decoded) and each edge (start, end, label). Run from a directory whose
// node_modules holds the packages of tests/mermaid/package.json:
//   node --input-type=module < tests/mermaid/parse.mjs - FILE...   (with that directory as cwd)
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

// Mermaid keeps "#35;" as these markers until it draws the text, then writes "&#35;".
function shown(text) {
  const html = text.replaceAll("ﬂ°°", "&#").replaceAll("ﬂ°", "&").replaceAll("¶ß", ";");
  const area = document.createElement("textarea");
  area.innerHTML = html;
  return area.value;
}

let failed = 0;
for (const file of process.argv.slice(2).filter((argument) => argument !== "-")) {
  const text = readFileSync(file, "utf8");
  try {
    const parsed = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const vertices = [...diagram.db.getVertices().values()].map((v) => [v.id, v.type, shown(v.text)]);
    const edges = diagram.db.getEdges().map((e) => [e.start, e.end, shown(e.text)]);
    console.log(JSON.stringify({ file, type: parsed.diagramType, vertices, edges }));
  } catch (error) {
    failed += 1;
    console.log(JSON.stringify({ file, error: String(error.message || error) }));
  }
}
process.exit(failed ? 1 : 0);
