// The neighbourhood graph of /graph/<kind>/<id>: reads #graph-data, draws it with vis-network.
// Labels are wrapped to a width and, once the layout has settled, nodes whose boxes (shape and
// label) overlap are pushed apart until none does, so every label can be read.
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var colors = {claim: "#e8a33d", source: "#4c8bd6", speaker: "#59a14f", article: "#9c6ade", publisher: "#8c8c8c"};
  var shapes = {claim: "dot", source: "square", speaker: "triangle", article: "diamond", publisher: "hexagon"};
  var GAP = 6;
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
    {physics: {solver: "forceAtlas2Based", forceAtlas2Based: {gravitationalConstant: -90, springLength: 140, avoidOverlap: 1},
               stabilization: {iterations: 300}},
     interaction: {hover: true},
     nodes: {font: {size: 12, background: "rgba(255,255,255,0.85)"}, widthConstraint: {maximum: 150}}});

  function overlap(a, b) {
    var dx = Math.min(a.right, b.right) - Math.max(a.left, b.left) + GAP;
    var dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) + GAP;
    return dx > 0 && dy > 0 ? {x: dx, y: dy} : null;
  }

  // Push overlapping nodes apart along the shorter overlap, half each, until no pair overlaps.
  // A node's box (shape and label) is measured once around its position and moved with it:
  // vis-network only re-measures boxes when it draws.
  function separate() {
    var ids = nodes.map(function (n) { return n.id; });
    var pos = network.getPositions(ids);
    var rel = ids.map(function (id) {
      var box = network.getBoundingBox(id), p = pos[id];
      return {left: box.left - p.x, right: box.right - p.x, top: box.top - p.y, bottom: box.bottom - p.y};
    });
    var at = ids.map(function (id) { return {x: pos[id].x, y: pos[id].y}; });
    function box(i) {
      return {left: at[i].x + rel[i].left, right: at[i].x + rel[i].right,
              top: at[i].y + rel[i].top, bottom: at[i].y + rel[i].bottom};
    }
    for (var round = 0; round < 500; round++) {
      var moved = false;
      for (var i = 0; i < ids.length; i++) {
        for (var j = i + 1; j < ids.length; j++) {
          var o = overlap(box(i), box(j));
          if (!o) { continue; }
          var a = at[i], b = at[j];
          if (o.x < o.y) {
            var sx = (a.x < b.x || (a.x === b.x && i < j) ? -1 : 1) * (o.x / 2 + 1);
            a.x += sx; b.x -= sx;
          } else {
            var sy = (a.y < b.y || (a.y === b.y && i < j) ? -1 : 1) * (o.y / 2 + 1);
            a.y += sy; b.y -= sy;
          }
          moved = true;
        }
      }
      if (!moved) { break; }
    }
    ids.forEach(function (id, i) { network.moveNode(id, at[i].x, at[i].y); });
    network.redraw();
    network.fit();
    document.getElementById("graph").dataset.settled = "true";
  }

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    separate();
  });
  network.on("doubleClick", function (params) { go(params); });
  network.on("click", function (params) { go(params); });
  function go(params) {
    if (!params.nodes.length) { return; }
    var node = nodes.find(function (n) { return n.id === params.nodes[0]; });
    if (node && node.page && node.id !== data.focus) { window.location.href = node.page; }
  }
  window.factcheckGraph = network;
})();
