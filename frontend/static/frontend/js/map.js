/* The service map: enhances the server-rendered filters and list of /map/.
 *
 * Zoomed out, the server's grid clusters (/api/v1/map/clusters/) are drawn as numbered circles;
 * zoomed in, the API returns single points and Leaflet.markercluster clusters them in the
 * browser (and spiderfies points that share a township centre). Filters, text and the map view
 * live in the URL (history.replaceState), and the list below is re-rendered by the server
 * (?fragment=list) so that the map and the list always show the same query: the list says
 * which search it ran (data-search on .result-count) and the clusters API is asked for exactly
 * that search, so the map shows the list's matches; after a search the map fits to them.
 * Icons are sized by CSS classes, never by style attributes (the CSP forbids inline styles).
 * Without JavaScript, or when Leaflet or the tiles fail, the form and the list still work.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("map-config");
  var mapElement = document.getElementById("map");
  var form = document.getElementById("map-form");
  var list = document.getElementById("map-list");
  if (!configElement || !mapElement || !form || !list) return;
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings;
  var field = function (name) { return form.elements.namedItem(name); };
  var FILTERS = ["q", "level", "category", "division", "place", "near"];

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  // --- the list, re-rendered by the server ---------------------------------------------------
  var listRequest = null;

  function formParams(extra) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var input = field(name);
      if (input && input.value) params.set(name, input.value);
    });
    Object.keys(extra || {}).forEach(function (key) {
      if (extra[key] !== null && extra[key] !== "") params.set(key, extra[key]);
    });
    return params;
  }

  function refreshList(params) {
    if (listRequest) listRequest.abort();
    listRequest = new AbortController();
    params = new URLSearchParams(params);
    params.set("fragment", "list");
    list.setAttribute("aria-busy", "true");
    return fetch(window.location.pathname + "?" + params.toString(), {
      signal: listRequest.signal,
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        // A keyboard user on a link of the list keeps their place when the list is redrawn
        // (the map fitting itself, a filter changing): the same link if it is still listed,
        // else the list itself, never the top of the page.
        var active = document.activeElement;
        var hadFocus = list.contains(active);
        var href = hadFocus && active.getAttribute ? active.getAttribute("href") : null;
        list.innerHTML = html;
        list.setAttribute("aria-busy", "false");
        if (hadFocus) {
          var again = href ? list.querySelector('a[href="' + CSS.escape(href) + '"]') : null;
          if (!again) list.setAttribute("tabindex", "-1");
          (again || list).focus();
        }
        return list.querySelector(".result-count");
      })
      .catch(function (error) {
        list.setAttribute("aria-busy", "false");
        if (error.name !== "AbortError") throw error;
      });
  }

  // --- the map ---------------------------------------------------------------------------------
  if (!window.L) return; // Leaflet failed to load: the form and the list still work.
  document.documentElement.classList.add("has-map");

  // Positions in our data and URLs are WGS-84; on a GCJ-02 base map they are drawn shifted
  // (datum.js). Every WGS-84 position goes through shown() before Leaflet sees it, and every
  // position read from Leaflet goes through wgs() before it reaches a URL or the API.
  var datum = window.FuleiDatum
    ? window.FuleiDatum.forTiles(config.tileDatum)
    : { toDisplay: function (a, b) { return [a, b]; }, fromDisplay: function (a, b) { return [a, b]; } };
  function shown(lat, lon) { return datum.toDisplay(lat, lon); }
  function wgs(latlng) { return datum.fromDisplay(latlng.lat, latlng.lng); }
  function wgsBbox(bounds) {
    var sw = wgs(bounds.getSouthWest()), ne = wgs(bounds.getNorthEast());
    return [Math.max(-180, sw[1]), Math.max(-90, sw[0]), Math.min(180, ne[1]), Math.min(90, ne[0])];
  }

  var map = L.map(mapElement, { minZoom: 3, maxZoom: 18, zoomSnap: 1 });
  map.setView(shown(config.lat, config.lon), config.zoom);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  }
  var clusterLayer = L.layerGroup().addTo(map);
  var pointLayer = L.markerClusterGroup
    ? L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      spiderfyOnMaxZoom: true,
      // The plugin's own icons need MarkerCluster.Default.css; ours match the server's clusters.
      iconCreateFunction: function (group) { return clusterIcon(group.getChildCount()); },
    })
    : L.layerGroup();
  pointLayer.addTo(map);
  var nearMarker = null;

  function levelIcon(level, approximate) {
    // An approximate point (drawn at its township's or county's seat) gets a hollow marker.
    return L.divIcon({
      className: "mk-icon" + (approximate ? " mk-icon-approx" : ""),
      html: '<span class="mk mk-' + escapeHtml(level) + (approximate ? " mk-approx" : "") + '"></span>',
      iconSize: [22, 22],
      iconAnchor: [11, 11],
      popupAnchor: [0, -8],
    });
  }

  // Sizes live in map.css (.mk-cluster-s … -xl): Leaflet sets the icon box through the DOM,
  // which the CSP allows; a style attribute in the HTML would be blocked.
  var CLUSTER_SIZES = [[10, "s", 28], [100, "m", 34], [1000, "l", 40], [Infinity, "xl", 48]];

  function clusterIcon(count) {
    var size = CLUSTER_SIZES.filter(function (s) { return count < s[0]; })[0];
    return L.divIcon({
      className: "mk-icon mk-cluster-icon",
      html: '<span class="mk-cluster mk-cluster-' + size[1] + '">' +
        (count >= 10000 ? Math.round(count / 1000) + "k" : count) + "</span>",
      iconSize: [size[2], size[2]],
      iconAnchor: [size[2] / 2, size[2] / 2],
    });
  }

  function popupHtml(properties) {
    return '<h3><a href="' + escapeHtml(properties.url) + '">' + escapeHtml(properties.title) +
      "</a></h3><p>" + escapeHtml(config.levels[properties.level] || "") + "</p>" +
      (properties.location_approximate ? '<p class="approx-flag">' + escapeHtml(strings.approximate) + "</p>" : "") +
      '<p><a href="' + escapeHtml(properties.url) + '">' + escapeHtml(strings.details) + "</a></p>";
  }

  // The search the list ran (its parameters for the clusters API), from the server's list.
  function currentSearch() {
    var count = list.querySelector(".result-count");
    return new URLSearchParams(count ? count.getAttribute("data-search") || "" : "");
  }

  function clustersUrl(bbox, zoom) {
    var params = currentSearch();
    params.set("bbox", bbox);
    params.set("zoom", String(zoom));
    params.set("lang", config.lang);
    return config.clustersUrl + "?" + params.toString();
  }

  var clusterRequest = null;

  function loadClusters() {
    if (clusterRequest) clusterRequest.abort();
    clusterRequest = new AbortController();
    var bbox = wgsBbox(map.getBounds().pad(0.1))
      .map(function (v) { return v.toFixed(5); }).join(",");
    var view = mapElement.getAttribute("data-bbox") || "";
    return fetch(clustersUrl(bbox, map.getZoom()), { signal: clusterRequest.signal })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) {
        drawFeatures(collection);
        // For anything that reads the page: which view was drawn, with how many points.
        var drawn = collection.features.reduce(function (sum, f) { return sum + (f.properties.point_count || 1); }, 0);
        mapElement.setAttribute("data-drawn", view + "|" + drawn);
      })
      .catch(function () { /* the list still shows the results */ });
  }

  // After a search: the bounds of all its matches (the whole world at zoom 0), then fit.
  var fitRequest = null;

  function fitToResults(fallbackView) {
    if (fitRequest) fitRequest.abort();
    fitRequest = new AbortController();
    return fetch(clustersUrl("-180,-90,180,90", 0), { signal: fitRequest.signal })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) {
        if (userMoved) return; // the visitor moved meanwhile: leave the map where they put it
        var b = collection.bounds;
        if (!b) {
          if (fallbackView) map.setView(shown(fallbackView[0], fallbackView[1]), fallbackView[2]);
          else loadClusters();
          return;
        }
        var southWest = shown(b[1], b[0]), northEast = shown(b[3], b[2]);
        if (b[0] === b[2] && b[1] === b[3]) {
          map.setView(southWest, Math.max(map.getZoom(), 14));
        } else {
          map.fitBounds([southWest, northEast], { padding: [24, 24], maxZoom: 15 });
        }
        mapElement.setAttribute("data-fitted", b.join(","));
      })
      .catch(function (error) { if (error.name !== "AbortError") loadClusters(); });
  }

  function drawFeatures(collection) {
    clusterLayer.clearLayers();
    pointLayer.clearLayers();
    var markers = [];
    collection.features.forEach(function (feature) {
      var coords = feature.geometry.coordinates;
      var latlng = shown(coords[1], coords[0]);
      var properties = feature.properties;
      if (properties.point_count) {
        var marker = L.marker(latlng, {
          icon: clusterIcon(properties.point_count),
          title: format(strings.zoomIn, { count: properties.point_count }),
          alt: format(strings.zoomIn, { count: properties.point_count }),
          keyboard: true,
        });
        marker.on("click", function () {
          var b = properties.bounds;
          if (b && (b[0] !== b[2] || b[1] !== b[3])) {
            map.fitBounds([shown(b[1], b[0]), shown(b[3], b[2])], { maxZoom: 18, padding: [20, 20] });
          } else {
            map.setView(latlng, Math.min(18, map.getZoom() + 2));
          }
        });
        clusterLayer.addLayer(marker);
      } else {
        var approximate = Boolean(properties.location_approximate);
        var label = properties.title + (approximate ? " (" + strings.approximate + ")" : "");
        var point = L.marker(latlng, { icon: levelIcon(properties.level, approximate), title: label, alt: label });
        point.bindPopup(popupHtml(properties));
        markers.push(point);
      }
    });
    if (pointLayer.addLayers) pointLayer.addLayers(markers);
    else markers.forEach(function (m) { pointLayer.addLayer(m); });
  }

  // --- state in the URL ------------------------------------------------------------------------
  var userMoved = false;

  function viewParams() {
    var center = wgs(map.getCenter());
    var params = { lat: center[0].toFixed(5), lon: center[1].toFixed(5), z: String(map.getZoom()) };
    if (userMoved) {
      params.bbox = wgsBbox(map.getBounds()).map(function (v) { return v.toFixed(4); }).join(",");
    }
    return params;
  }

  function syncUrl(params) {
    var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    window.history.replaceState(null, "", url);
    ["lat", "lon", "z", "bbox"].forEach(function (name) {
      if (field(name)) field(name).value = params.get(name) || "";
    });
  }

  function announce(countElement) {
    if (!countElement) return;
    document.getElementById("map-list-status").textContent =
      format(strings.updated, { count: countElement.getAttribute("data-count") });
    if (userMoved) {
      loadClusters();
      return;
    }
    var near = countElement.getAttribute("data-near");
    var view = countElement.getAttribute("data-view");
    if (near) {
      var parts = near.split(",").map(Number);
      showNear(parts[0], parts[1]);
    } else if (nearMarker) {
      map.removeLayer(nearMarker);
      nearMarker = null;
    }
    return fitToResults(view ? view.split(",").map(Number) : null);
  }

  function update() {
    var params = formParams(viewParams());
    syncUrl(params);
    return refreshList(params).then(announce);
  }

  function showNear(lat, lon) {
    if (nearMarker) map.removeLayer(nearMarker);
    nearMarker = L.circleMarker(shown(lat, lon), { radius: 8, color: "#0b5cad", weight: 3, fillOpacity: 0.2 }).addTo(map);
  }

  // Only the visitor's own moves make the list follow the map; the map's own fitting does not.
  ["pointerdown", "wheel", "touchstart"].forEach(function (type) {
    mapElement.addEventListener(type, function () { userMoved = true; }, { passive: true });
  });
  // Leaflet's keys: arrows pan, + and - zoom. Tab only passes through the map on its way to the
  // list, and must not turn the map's own fitting into a move that redraws the list.
  var MOVE_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "+", "-", "=", "_"];
  mapElement.addEventListener("keydown", function (event) {
    if (MOVE_KEYS.indexOf(event.key) !== -1) userMoved = true;
  }, { passive: true });
  // The view in WGS-84 (west,south,east,north), for anything that reads the page (tests, tools).
  map.on("moveend", function () {
    mapElement.setAttribute("data-bbox", wgsBbox(map.getBounds()).map(function (v) { return v.toFixed(5); }).join(","));
  });
  map.on("moveend", debounce(function () {
    var params = formParams(viewParams());
    syncUrl(params);
    loadClusters();
    if (userMoved) refreshList(params);
  }, 250));

  form.addEventListener("change", function (event) {
    if (event.target.name === "q" || event.target.name === "place") return;
    if (event.target.name === "division") {
      userMoved = false;
      field("bbox").value = "";
    }
    update();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    closeSuggestions();
    userMoved = false;
    if (field("place").value) field("near").value = "";
    update();
  });

  if (config.near) showNear(config.near[0], config.near[1]);
  if (config.near) map.setView(shown(config.near[0], config.near[1]), Math.max(config.zoom, 12));

  // --- near me ---------------------------------------------------------------------------------
  var nearMe = document.getElementById("near-me");
  if (nearMe && navigator.geolocation) {
    nearMe.hidden = false;
    nearMe.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lon = position.coords.longitude;
        field("near").value = lat.toFixed(5) + "," + lon.toFixed(5);
        field("place").value = "";
        userMoved = false;
        showNear(lat, lon);
        update();
      }, function () {
        document.getElementById("map-suggestions-status").textContent = strings.locationFailed;
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  // --- suggestions from /api/v1/search/ (absent until search is merged: then none) --------------
  var q = field("q");
  var suggestions = document.getElementById("map-suggestions");
  var status = document.getElementById("map-suggestions-status");
  var suggestRequest = null;
  var suggestionsClosed = false; // closed by Enter or leaving the field, until the next keystroke

  function closeSuggestions() {
    suggestionsClosed = true;
    if (suggestRequest) suggestRequest.abort();
    suggestRequest = null;
    suggestions.hidden = true;
    suggestions.innerHTML = "";
    status.textContent = "";
  }

  q.addEventListener("input", function () { suggestionsClosed = false; });
  q.addEventListener("input", debounce(function () {
    var text = q.value.trim();
    if (suggestionsClosed) return;
    if (suggestRequest) suggestRequest.abort();
    if (text.length < 1 || document.activeElement !== q) { closeSuggestions(); return; }
    suggestRequest = new AbortController();
    var params = new URLSearchParams({ q: text, page_size: "5" });
    fetch(config.searchUrl + "?" + params.toString(), { signal: suggestRequest.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (suggestionsClosed) return;
        var results = (data.results || []).slice(0, 5);
        suggestions.innerHTML = results.map(function (r) {
          var url = config.lang === "en" && r.url && r.url.indexOf("/en/") !== 0 ? "/en" + r.url : r.url;
          return '<li><a href="' + escapeHtml(url) + '">' + escapeHtml(r.title) + "</a></li>";
        }).join("");
        suggestions.hidden = results.length === 0;
        status.textContent = results.length ? strings.suggestions + ": " + results.length : "";
      })
      .catch(function () { suggestions.hidden = true; });
  }, 250));
  q.addEventListener("keydown", function (event) {
    // Enter submits the search: the suggestions close at once, and a late answer cannot reopen
    // them (closeSuggestions aborts it).
    if (event.key === "Escape" || event.key === "Enter") closeSuggestions();
    if (event.key === "ArrowDown" && !suggestions.hidden) {
      var first = suggestions.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  // Leaving the search field (a click on the button, a Tab) closes the list too; during a
  // click only once the pointer is released: the list is in the flow, and collapsing it on
  // pointerdown would move the button away from under the pointer (the click then missed it).
  var pointerIsDown = false;
  document.addEventListener("pointerdown", function () { pointerIsDown = true; }, true);
  document.addEventListener("pointerup", function () { pointerIsDown = false; }, true);
  form.querySelector(".field-q").addEventListener("focusout", function (event) {
    if (event.relatedTarget && suggestions.contains(event.relatedTarget)) return;
    if (!pointerIsDown) { closeSuggestions(); return; }
    document.addEventListener("pointerup", function () {
      setTimeout(closeSuggestions, 0); // after the click this pointerup ends
    }, { once: true, capture: true });
  });

  // Opened with a search (a shared link, or the form without JavaScript): fit to its matches,
  // unless the link says where the map was.
  var searched = currentSearch();
  if (searched.toString() && !(field("lat").value && field("lon").value)) {
    fitToResults(null);
  } else {
    loadClusters();
  }
})();
