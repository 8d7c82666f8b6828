// The maps of Truce's pages: Leaflet over the record's own GeoJSON layers, no tiles from elsewhere.
// A map element names its layers in data- attributes; #pick fills the observer's form on a click.
(function () {
  "use strict";
  var COLOURS = { observed: "#1b7837", reported: "#2166ac", claimed: "#b2182b" };

  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function text(value) { return document.createTextNode(value == null ? "" : String(value)); }

  function popup(feature) {
    // built from text nodes: whatever a source wrote stays text
    var p = feature.properties || {}, box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(p.id || "");
    link.appendChild(text(p.id));
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(text((p.date_from || "") + " " + (p.location || "")));
    box.appendChild(document.createElement("br"));
    box.appendChild(text(p.standing || ""));
    return box;
  }

  function draw(element) {
    var map = L.map(element, { attributionControl: false, zoomSnap: 0.5 });
    map.setView([40, 46.5], 7);
    var bounds = null, jobs = [];
    function add(url, options) {
      if (!url) { return; }
      jobs.push(load(url).then(function (data) {
        var layer = L.geoJSON(data, options).addTo(map);
        if (options.fit && layer.getLayers().length) {
          bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
        }
        return layer;
      }));
    }
    // fit the view to what the map is for: its incidents, else the posts, else the countries
    var own = element.dataset.incidents ? "incidents" : element.dataset.posts ? "posts" : "countries";
    add(element.dataset.countries, { style: { color: "#888", weight: 1, fillColor: "#fff", fillOpacity: 1 }, fit: own === "countries" });
    add(element.dataset.areas, { style: { color: "#555", weight: 1, dashArray: "4 3", fillOpacity: 0.05 } });
    add(element.dataset.posts, {
      fit: own === "posts",
      pointToLayer: function (f, at) { return L.circleMarker(at, { radius: 3, color: "#333", weight: 1, fillOpacity: 0.6 }); },
      onEachFeature: function (f, layer) { layer.bindTooltip(text(f.properties.name || f.properties.id).textContent); }
    });
    add(element.dataset.incidents, {
      fit: own === "incidents",
      style: function (f) { return { color: COLOURS[f.properties.standing] || "#b2182b", weight: 1, fillOpacity: 0.15 }; },
      pointToLayer: function (f, at) {
        return L.circleMarker(at, { radius: 6, color: COLOURS[f.properties.standing] || "#b2182b", weight: 2, fillOpacity: 0.5 });
      },
      onEachFeature: function (f, layer) { layer.bindPopup(popup(f)); }
    });
    Promise.all(jobs).then(function () {
      if (bounds && bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 11, padding: [10, 10] }); }
      element.dataset.ready = "true";
    }, function () { element.dataset.ready = "error"; });
    return map;
  }

  function pick(element) {
    var map = draw(element), marker = null, form = element.closest("form");
    map.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(5), lon = event.latlng.lng.toFixed(5);
      form.elements.lat.value = lat;
      form.elements.lon.value = lon;
      form.elements.place.value = "";
      if (marker) { marker.setLatLng(event.latlng); } else { marker = L.marker(event.latlng).addTo(map); }
      form.dispatchEvent(new Event("input"));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";
    var main = document.getElementById("map");
    if (main) { draw(main); }
    var picker = document.getElementById("pick");
    if (picker) { pick(picker); }
  });
})();
