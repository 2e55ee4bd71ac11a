// Validates Prometheus Operator objects against their CRD schemas and PromQL expressions
// against Prometheus' own grammar. Run from .tools/node-tools (test_monitoring.py copies it
// there, so the ES module imports resolve). Input on stdin: {"objects": [...], "exprs": [...]};
// output on stdout: {"objects": {name: error|null}, "exprs": {expr: error|null}}.
import { readFileSync } from "node:fs";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { parser } from "@prometheus-io/lezer-promql";

const models = { ServiceMonitor, PrometheusRule };
const input = JSON.parse(readFileSync(0, "utf8"));
const out = { objects: {}, exprs: {} };

for (const obj of input.objects) {
  const Model = models[obj.kind];
  const key = `${obj.kind}/${obj.metadata.name}`;
  if (!Model) { out.objects[key] = `no model for ${obj.kind}`; continue; }
  try { new Model(obj).validate(); out.objects[key] = null; }
  catch (e) { out.objects[key] = e.message; }
}

for (const expr of input.exprs) {
  const tree = parser.parse(expr);
  let error = null;
  tree.iterate({ enter: (node) => {
    if (node.type.isError && error === null) {
      error = `syntax error at ${node.from}: ...${expr.slice(Math.max(0, node.from - 20), node.from + 20)}...`;
    }
  } });
  out.exprs[expr] = error;
}
process.stdout.write(JSON.stringify(out));
