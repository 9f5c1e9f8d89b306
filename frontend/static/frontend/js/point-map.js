// Enhances each station card ([data-point-map]) with a small Leaflet map. Without JavaScript, or
// when Leaflet or the tiles fail, the card (name, address, link to the map) stays as it is.
(function () {
  "use strict";
  var figures = document.querySelectorAll("[data-point-map]");
  var script = document.currentScript;
  if (!figures.length || !script) return;

  function draw() {
    figures.forEach(function (figure) {
      var lat = parseFloat(figure.dataset.lat);
      var lon = parseFloat(figure.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) return;
      // data-lat/lon are WGS-84; a GCJ-02 base map needs the point shifted to land on its street.
      if (window.FuleiDatum) {
        var shown = window.FuleiDatum.forTiles(figure.dataset.tileDatum).toDisplay(lat, lon);
        lat = shown[0];
        lon = shown[1];
      }
      var box = document.createElement("div");
      box.className = "point-map-canvas";
      figure.insertBefore(box, figure.firstChild);
      var map = L.map(box, { scrollWheelZoom: false }).setView([lat, lon], 13);
      L.tileLayer(figure.dataset.tileUrl, {
        attribution: figure.dataset.tileAttribution,
        maxZoom: 18,
      }).addTo(map);
      L.circleMarker([lat, lon], { radius: 8 }).addTo(map);
    });
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = script.dataset.leafletCss;
  document.head.appendChild(css);
  var leaflet = document.createElement("script");
  leaflet.src = script.dataset.leafletJs;
  leaflet.onload = draw;
  document.head.appendChild(leaflet);
})();
