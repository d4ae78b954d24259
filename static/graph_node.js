// The neighbourhood graph of /graph/<kind>/<id>: reads #graph-data, draws it with vis-network.
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var colors = {claim: "#e8a33d", source: "#4c8bd6", speaker: "#59a14f", article: "#9c6ade", publisher: "#8c8c8c"};
  var shapes = {claim: "dot", source: "square", speaker: "triangle", article: "diamond", publisher: "hexagon"};
  var nodes = data.nodes.map(function (n) {
    var text = n.text || n.title || n.name || n.label || n.id;
    return {id: n.id, label: n.label || n.id, title: n.type + ": " + text, color: colors[n.type],
            shape: shapes[n.type] || "dot", size: n.id === data.focus ? 22 : 12,
            borderWidth: n.id === data.focus ? 4 : 1, page: data.pages[n.type] ? "/graph/" + data.pages[n.type] + "/" + n.db_id : null};
  });
  var edges = data.links.map(function (e, i) {
    return {id: i, from: e.source, to: e.target, arrows: "to", title: e.kind + (e.evidence_kind ? " (" + e.evidence_kind + ")" : ""),
            dashes: e.kind === "attribution", color: {color: e.kind === "citation" ? "#4c8bd6" : "#aaaaaa"}};
  });
  var network = new vis.Network(document.getElementById("graph"),
    {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)},
    {physics: {stabilization: {iterations: 200}}, interaction: {hover: true}, nodes: {font: {size: 12}}});
  network.on("doubleClick", function (params) { go(params); });
  network.on("click", function (params) { go(params); });
  function go(params) {
    if (!params.nodes.length) { return; }
    var node = nodes.find(function (n) { return n.id === params.nodes[0]; });
    if (node && node.page && node.id !== data.focus) { window.location.href = node.page; }
  }
  window.factcheckGraph = network;
})();
