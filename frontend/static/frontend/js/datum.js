/* Display datum of the base map (MAP_TILE_DATUM).
 *
 * Storage, the API and open data are WGS-84. Tianditu and OpenStreetMap tiles are drawn in
 * WGS-84/CGCS2000, so nothing changes. Amap and Tencent tiles are drawn in GCJ-02: a WGS-84 point
 * drawn as-is lands 300-600 m off its street, so with MAP_TILE_DATUM=gcj02 every position is
 * shifted to GCJ-02 just before it is drawn (toDisplay), and every position read back from the
 * map (view centre, bounds) is shifted back (fromDisplay) before it goes into a URL or an API
 * query. A port of prcoords.wgs_gcj (CC0) and its iterated inverse (gcj_wgs_bored), so the
 * browser agrees with the server's importer to well under a metre.
 */
(function () {
  "use strict";

  var GCJ_A = 6378245;
  var GCJ_EE = 0.00669342162296594323;

  function inChina(lat, lon) {
    return lat >= 0.8293 && lat <= 55.8271 && lon >= 72.004 && lon <= 137.8347;
  }

  function wgsToGcj(lat, lon) {
    if (!inChina(lat, lon)) return [lat, lon];
    var x = lon - 105, y = lat - 35, PI = Math.PI;
    var dLatM = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * PI) + 2 * Math.sin(x * 2 * PI) + 2 * Math.sin(y * PI) +
        4 * Math.sin(y / 3 * PI) + 16 * Math.sin(y / 12 * PI) + 32 * Math.sin(y / 30 * PI)) * 20 / 3;
    var dLonM = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * PI) + 2 * Math.sin(x * 2 * PI) + 2 * Math.sin(x * PI) +
        4 * Math.sin(x / 3 * PI) + 15 * Math.sin(x / 12 * PI) + 30 * Math.sin(x / 30 * PI)) * 20 / 3;
    var radLat = lat * PI / 180;
    var magic = 1 - GCJ_EE * Math.pow(Math.sin(radLat), 2);
    var latArc = (GCJ_A * (1 - GCJ_EE)) / Math.pow(magic, 1.5) * PI / 180;
    var lonArc = GCJ_A * Math.cos(radLat) / Math.sqrt(magic) * PI / 180;
    return [lat + dLatM / latArc, lon + dLonM / lonArc];
  }

  function gcjToWgs(lat, lon) {
    if (!inChina(lat, lon)) return [lat, lon];
    var shifted = wgsToGcj(lat, lon);
    var wgs = [lat - (shifted[0] - lat), lon - (shifted[1] - lon)];
    for (var i = 0; i < 10; i++) {
      var back = wgsToGcj(wgs[0], wgs[1]);
      var dLat = back[0] - lat, dLon = back[1] - lon;
      wgs = [wgs[0] - dLat, wgs[1] - dLon];
      if (Math.sqrt(dLat * dLat + dLon * dLon) < 1e-9) break;
    }
    return wgs;
  }

  /* The converter for one base map: {toDisplay(lat, lon), fromDisplay(lat, lon)} -> [lat, lon]. */
  function forTiles(datum) {
    if (datum === "gcj02") return { toDisplay: wgsToGcj, fromDisplay: gcjToWgs };
    var same = function (lat, lon) { return [lat, lon]; };
    return { toDisplay: same, fromDisplay: same };
  }

  window.FuleiDatum = { forTiles: forTiles, wgsToGcj: wgsToGcj, gcjToWgs: gcjToWgs };
})();
