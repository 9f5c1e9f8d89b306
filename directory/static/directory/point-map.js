// Leaflet map for the service-point form: keeps the latitude/longitude inputs and the marker in
// step, and finds places by division name through the portal's own offline search.
(function () {
  "use strict";

  function init(box) {
    if (box.dataset.ready || typeof L === "undefined") return;
    box.dataset.ready = "1";
    var config = JSON.parse(box.dataset.pointMap);
    var form = box.closest("form");
    var lat = document.getElementById(box.dataset.latitudeId);
    var lon = form && form.querySelector('[name="' + box.dataset.longitudeName + '"]');
    var datum = form && form.querySelector('[name="' + box.dataset.datumName + '"]');
    if (!lat || !lon) return;
    var canvas = box.querySelector(".point-map__canvas");
    box.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });

    var map = L.map(canvas).setView(config.center, config.zoom);
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: config.maxZoom }).addTo(map);
    var marker = null;
    // On a GCJ-02 base map (MAP_TILE_DATUM) a position picked on the map is GCJ-02: it is written
    // with the datum field set to gcj02, and the form converts it to WGS-84 on save, as for a
    // typed Amap coordinate. Typed WGS-84 values are shifted to GCJ-02 only to be drawn.
    var tileDatum = config.tileDatum || "wgs84";
    var shift = window.FuleiDatum ? window.FuleiDatum.forTiles(tileDatum) : null;

    function current() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (!isFinite(a) || !isFinite(b)) return null;
      var typed = datum ? datum.value : "wgs84";
      return shift && typed !== tileDatum ? shift.toDisplay(a, b) : [a, b];
    }
    function place(latlng, fromMap) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
      }
      marker.setLatLng(latlng);
      if (fromMap) {
        lat.value = latlng.lat.toFixed(6);
        lon.value = latlng.lng.toFixed(6);
        if (datum) datum.value = tileDatum;
      }
    }
    var start = current();
    if (start) { place(start, false); map.setView(start, 14); }
    map.on("click", function (e) { place(e.latlng, true); });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () { var p = current(); if (p) { place(p, false); map.panTo(p); } });
    });

    var query = box.querySelector(".point-map__query");
    var results = box.querySelector(".point-map__results");
    function search() {
      var q = query.value.trim();
      if (!q) return;
      fetch(config.placesUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          results.innerHTML = "";
          data.results.forEach(function (p) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button";
            b.textContent = p.path + (p.approximate ? " *" : "");
            b.addEventListener("click", function () {
              var at = shift ? shift.toDisplay(p.latitude, p.longitude) : [p.latitude, p.longitude];
              var latlng = L.latLng(at[0], at[1]);
              map.setView(latlng, p.level === "township" ? 14 : 11);
              place(latlng, true);
            });
            li.appendChild(b);
            results.appendChild(li);
          });
        });
    }
    box.querySelector(".point-map__go").addEventListener("click", search);
    query.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); search(); } });
  }

  function initAll() { document.querySelectorAll("[data-point-map]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
