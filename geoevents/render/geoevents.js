/* geoevents map client.
 *
 * Draws incidents from compact columnar data (written by geoevents.render) on one
 * canvas layer, clusters them with supercluster while keeping the type colours,
 * builds every popup in the browser from the columns (text only, never HTML),
 * and filters by event type, sub-type group, actor/source facets and a time
 * window, with a per-day chart. Written for geoevents; MIT like the project.
 */
(function () {
  'use strict';
  if (!window.L) {  // Leaflet did not load (a linked map opened without network): say so, do nothing
    window.GeoEvents = { mount: function () { return null; }, version: 1 };
    return;
  }

  var DAY_MS = 86400000;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var MAX_LAT = 85.0511287798;

  // ---------------------------------------------------------------- helpers
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function dateOf(day) { return new Date(day * DAY_MS); }
  function fmtDay(day) {
    var d = dateOf(day);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }
  function fmtMonth(day) {
    var d = dateOf(day);
    return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }
  function fmtRange(a, b) {
    if (a === b) return fmtDay(a);
    var da = dateOf(a), db = dateOf(b);
    if (da.getUTCFullYear() === db.getUTCFullYear()) {
      if (da.getUTCMonth() === db.getUTCMonth()) return da.getUTCDate() + '\u2013' + fmtDay(b);
      return da.getUTCDate() + ' ' + MONTHS[da.getUTCMonth()] + ' \u2013 ' + fmtDay(b);
    }
    return fmtDay(a) + ' \u2013 ' + fmtDay(b);
  }
  function fmtInt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function isHttp(url) { return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url.trim()); }

  /** Accessor for a string column: {l: [...]} plain or {v: values, c: codes} dictionary-encoded. */
  function strCol(c) {
    if (!c) return function () { return null; };
    if (c.l) { var l = c.l; return function (i) { var v = l[i]; return v === undefined ? null : v; }; }
    var v = c.v, codes = c.c;
    return function (i) { var k = codes[i]; return k < 0 || k === null || k === undefined ? null : v[k]; };
  }
  function numCol(a, missing) {
    if (!a) return function () { return missing; };
    return function (i) { var x = a[i]; return x === null || x === undefined ? missing : x; };
  }

  // ---------------------------------------------------------------- shapes
  function shapePath(ctx, shape, x, y, r) {
    var i, a, n;
    ctx.beginPath();
    switch (shape) {
      case 'square':
        ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); break;
      case 'triangle':
        ctx.moveTo(x, y - r * 1.1); ctx.lineTo(x + r, y + r * 0.75); ctx.lineTo(x - r, y + r * 0.75); ctx.closePath(); break;
      case 'triangle-down':
        ctx.moveTo(x, y + r * 1.1); ctx.lineTo(x + r, y - r * 0.75); ctx.lineTo(x - r, y - r * 0.75); ctx.closePath(); break;
      case 'diamond':
        ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r * 1.15); ctx.lineTo(x - r, y); ctx.closePath(); break;
      case 'star':
        for (i = 0; i < 10; i++) {
          a = -Math.PI / 2 + i * Math.PI / 5; n = i % 2 ? r * 0.5 : r * 1.2;
          if (i) ctx.lineTo(x + n * Math.cos(a), y + n * Math.sin(a)); else ctx.moveTo(x + n * Math.cos(a), y + n * Math.sin(a));
        }
        ctx.closePath(); break;
      case 'hexagon':
      case 'pentagon':
        n = shape === 'hexagon' ? 6 : 5;
        for (i = 0; i < n; i++) {
          a = -Math.PI / 2 + i * 2 * Math.PI / n;
          if (i) ctx.lineTo(x + r * 1.05 * Math.cos(a), y + r * 1.05 * Math.sin(a)); else ctx.moveTo(x + r * 1.05 * Math.cos(a), y + r * 1.05 * Math.sin(a));
        }
        ctx.closePath(); break;
      case 'plus':
        a = r * 0.38;
        ctx.moveTo(x - a, y - r); ctx.lineTo(x + a, y - r); ctx.lineTo(x + a, y - a); ctx.lineTo(x + r, y - a);
        ctx.lineTo(x + r, y + a); ctx.lineTo(x + a, y + a); ctx.lineTo(x + a, y + r); ctx.lineTo(x - a, y + r);
        ctx.lineTo(x - a, y + a); ctx.lineTo(x - r, y + a); ctx.lineTo(x - r, y - a); ctx.lineTo(x - a, y - a); ctx.closePath(); break;
      case 'cross':
        ctx.save(); ctx.translate(x, y); ctx.rotate(Math.PI / 4); shapePath(ctx, 'plus', 0, 0, r * 1.05); ctx.restore(); return;
      default:
        ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  /** A small icon (a canvas) for the legend, the panel and popups. */
  function iconFor(shape, color, size) {
    var c = el('canvas', 'ge-icon');
    var dpr = window.devicePixelRatio || 1;
    size = size || 14;
    c.width = size * dpr; c.height = size * dpr; c.style.width = size + 'px'; c.style.height = size + 'px';
    var ctx = c.getContext('2d');
    ctx.scale(dpr, dpr);
    shapePath(ctx, shape, size / 2, size / 2, size * 0.36);
    ctx.fillStyle = color; ctx.fill();
    ctx.lineWidth = 1; ctx.strokeStyle = 'rgba(0,0,0,0.55)'; ctx.stroke();
    return c;
  }

  // ---------------------------------------------------------------- state
  function State(map, data, cfg) {
    this.map = map; this.data = data; this.cfg = cfg;
    var n = this.n = data.n | 0;
    this.types = cfg.types; this.groups = cfg.groups;
    this.lat = data.lat; this.lon = data.lon;
    this.type = data.type; this.grp = data.grp;
    this.day = numCol(data.day, null);
    this.d0 = numCol(data.d0, 0); this.d1 = numCol(data.d1, 0);
    this.tp = numCol(data.tp, 0); this.gp = numCol(data.gp, 0);
    this.fat = numCol(data.fat, null); this.flo = numCol(data.flo, null); this.fhi = numCol(data.fhi, null);
    this.inj = numCol(data.inj, null);
    this.rad = numCol(data.rad, 0); this.pub = numCol(data.pub, null);
    this.conf = numCol(data.conf, null); this.claim = numCol(data.claim, 0);
    this.dlat = numCol(data.dlat, null); this.dlon = numCol(data.dlon, null);
    var S = {};
    ['sub', 'rel', 'actor1', 'actor2', 'assoc1', 'assoc2', 'location', 'admin1', 'country', 'source', 'url',
      'attribution', 'notes', 'flags', 'id', 'dest'].forEach(function (k) { S[k] = strCol(data[k]); });
    this.s = S;
    this.day0 = cfg.day0; this.span = cfg.span;
    // Web Mercator, normalised to [0, 1]
    var mx = this.mx = new Float64Array(n), my = this.my = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var la = Math.max(-MAX_LAT, Math.min(MAX_LAT, this.lat[i]));
      var s = Math.sin(la * Math.PI / 180);
      mx[i] = (this.lon[i] + 180) / 360;
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }
    this.typeOn = cfg.types.map(function () { return true; });
    this.grpOn = cfg.groups.map(function () { return true; });
    this.facets = (cfg.facets || []).map(function (f) {
      return { cfg: f, codes: data['facet_' + f.key], on: f.values.map(function () { return true; }) };
    });
    // typed copies for the filter loop (it runs on every toggle and slider move)
    var NODATE = this.NODATE = -2147483648;
    var tA = this.typeA = Int32Array.from(this.type), gA = this.grpA = Int32Array.from(this.grp);
    var startA = this.startA = new Int32Array(n), endA = this.endA = new Int32Array(n);
    for (var j = 0; j < n; j++) {
      var dd = this.day(j);
      if (dd === null) { startA[j] = NODATE; endA[j] = NODATE; } else { startA[j] = dd - this.d0(j); endA[j] = dd + this.d1(j); }
    }
    this.facets.forEach(function (f) { f.codesA = Int32Array.from(f.codes); });
    this.w0 = 0; this.w1 = this.span;
    this.show = { cluster: !!cfg.cluster, heat: !!cfg.heat, uncertainty: true, direction: true };
    this.vis = new Int32Array(0);
  }

  /** Does incident i pass the time window? */
  State.prototype.inWindow = function (i) {
    var d = this.day(i);
    if (d === null) return this.w0 === 0 && this.w1 === this.span;
    return d + this.d1(i) >= this.w0 && d - this.d0(i) <= this.w1;
  };
  State.prototype.passFacets = function (i) {
    for (var k = 0; k < this.facets.length; k++) {
      var f = this.facets[k];
      if (!f.on[f.codes[i]]) return false;
    }
    return true;
  };

  /** Recompute the visible set and the per-layer counts. */
  State.prototype.filter = function () {
    var n = this.n, out = new Int32Array(n), m = 0;
    var nt = this.types.length, ng = this.groups.length, nf = this.facets.length;
    var tc = new Int32Array(nt), gc = new Int32Array(ng);
    var fc = this.facets.map(function (f) { return new Int32Array(f.cfg.values.length); });
    var fcodes = this.facets.map(function (f) { return f.codesA; }), fon = this.facets.map(function (f) { return f.on; });
    var typeOn = this.typeOn, grpOn = this.grpOn, tA = this.typeA, gA = this.grpA;
    var startA = this.startA, endA = this.endA, w0 = this.w0, w1 = this.w1, NODATE = this.NODATE;
    var full = w0 === 0 && w1 === this.span;
    for (var i = 0; i < n; i++) {
      var s0 = startA[i];
      if (s0 === NODATE) { if (!full) continue; } else if (endA[i] < w0 || s0 > w1) continue;
      var t = tA[i], g = gA[i], facetsOk = true, k;
      for (k = 0; k < nf; k++) if (!fon[k][fcodes[k][i]]) { facetsOk = false; break; }
      if (facetsOk) { tc[t]++; gc[g]++; }
      var layerOk = typeOn[t] && grpOn[g];
      if (layerOk) for (k = 0; k < nf; k++) fc[k][fcodes[k][i]]++;
      if (layerOk && facetsOk) out[m++] = i;
    }
    this.vis = out.subarray(0, m);
    this.typeCounts = Array.from(tc); this.groupCounts = Array.from(gc);
    this.facetCounts = fc.map(function (a) { return Array.from(a); });
    this._buildIndex();
  };

  State.prototype._buildIndex = function () {
    this.index = null;
    if (!this.show.cluster || typeof window.Supercluster !== 'function' || this.vis.length < 2) return;
    var feats = new Array(this.vis.length), fat = this.fat, type = this.type;
    for (var k = 0; k < this.vis.length; k++) {
      var i = this.vis[k];
      feats[k] = { type: 'Feature', geometry: { type: 'Point', coordinates: [this.lon[i], this.lat[i]] },
        properties: { i: i, t: type[i], f: fat(i) || 0 } };
    }
    var ntypes = this.types.length;
    this.index = new window.Supercluster({
      radius: 48, maxZoom: this.cfg.clusterMaxZoom || 13, minPoints: 3,
      // scalar fields only: supercluster copies cluster properties shallowly
      map: function (p) { var o = { f: p.f }; for (var t = 0; t < ntypes; t++) o['t' + t] = 0; o['t' + p.t] = 1; return o; },
      reduce: function (a, p) { for (var t = 0; t < ntypes; t++) a['t' + t] += p['t' + t]; a.f += p.f; }
    }).load(feats);
  };

  // ---------------------------------------------------------------- canvas layer
  var Overlay = L.Layer.extend({
    initialize: function (state) { this.st = state; this.hits = []; },
    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create('canvas', 'ge-canvas leaflet-zoom-animated');
      map.getPane('overlayPane').appendChild(this._canvas);
      map.on('moveend resize', this._reset, this);
      if (map.options.zoomAnimation && L.Browser.any3d) map.on('zoomanim', this._animateZoom, this);
      this._reset();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off('moveend resize', this._reset, this);
      map.off('zoomanim', this._animateZoom, this);
    },
    _animateZoom: function (e) {
      var scale = this._map.getZoomScale(e.zoom);
      var offset = this._map._latLngBoundsToNewLayerBounds(this._bounds, e.zoom, e.center).min;
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },
    _reset: function () {
      var map = this._map, size = map.getSize();
      var pad = size.multiplyBy(0.25).round();
      var topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      var w = size.x + 2 * pad.x, h = size.y + 2 * pad.y;
      this._bounds = L.latLngBounds(map.containerPointToLatLng(pad.multiplyBy(-1)), map.containerPointToLatLng(size.add(pad)));
      L.DomUtil.setPosition(this._canvas, topLeft);
      var dpr = window.devicePixelRatio || 1;
      this._canvas.width = Math.round(w * dpr); this._canvas.height = Math.round(h * dpr);
      this._canvas.style.width = w + 'px'; this._canvas.style.height = h + 'px';
      this._w = w; this._h = h; this._pad = pad; this._dpr = dpr;
      this._origin = map.getPixelBounds().min.subtract(pad);
      this.draw();
    },
    /** Container point (pixels from the map's top-left) of incident i at the current view. */
    pointOf: function (i) {
      var S = 256 * Math.pow(2, this._map.getZoom()), st = this.st;
      return [st.mx[i] * S - this._origin.x - this._pad.x, st.my[i] * S - this._origin.y - this._pad.y];
    },
    draw: function () {
      if (!this._map) return;
      var st = this.st, map = this._map, ctx = this._canvas.getContext('2d');
      ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
      ctx.clearRect(0, 0, this._w, this._h);
      var z = map.getZoom(), S = 256 * Math.pow(2, z), ox = this._origin.x, oy = this._origin.y;
      var W = this._w, H = this._h, px = this._pad.x, py = this._pad.y;
      var pts = [], clusters = [];
      var stats = { points: 0, clusters: 0, clustered: 0, byType: st.types.map(function () { return 0; }) };
      if (st.index && z <= (st.cfg.clusterMaxZoom || 13)) {
        var b = this._bounds, west = b.getWest(), east = b.getEast();
        if (east - west >= 360) { west = -180; east = 180; }
        var feats = st.index.getClusters([west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())], Math.round(z));
        for (var k = 0; k < feats.length; k++) {
          var f = feats[k], p = f.properties;
          if (p.cluster) {
            var c = f.geometry.coordinates, la = Math.max(-MAX_LAT, Math.min(MAX_LAT, c[1])), s = Math.sin(la * Math.PI / 180);
            var x = ((c[0] + 180) / 360) * S - ox, y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * S - oy;
            clusters.push([x, y, f]);
          } else pts.push(p.i);
        }
      } else {
        var vis = st.vis;
        for (var j = 0; j < vis.length; j++) {
          var i = vis[j], xx = st.mx[i] * S - ox, yy = st.my[i] * S - oy;
          if (xx > -40 && yy > -40 && xx < W + 40 && yy < H + 40) pts.push(i);
        }
      }
      var hits = [];
      var cfg = st.cfg, minR = cfg.marker.min_radius, maxR = cfg.marker.max_radius, fmax = Math.log1p(cfg.marker.fatalities_for_max);
      var mpp0 = 40075016.686 / S;
      var xs = new Float64Array(pts.length), ys = new Float64Array(pts.length), rs = new Float64Array(pts.length);
      var q, i2;
      for (q = 0; q < pts.length; q++) {
        i2 = pts[q];
        xs[q] = st.mx[i2] * S - ox; ys[q] = st.my[i2] * S - oy;
        var fv = st.fat(i2);
        rs[q] = minR + (maxR - minR) * (fv ? Math.min(1, Math.log1p(fv) / fmax) : 0);
      }
      // 1. uncertainty: a dashed ring of the area the incident may lie in
      if (st.show.uncertainty) {
        for (q = 0; q < pts.length; q++) {
          i2 = pts[q];
          var rk = st.rad(i2);
          if (!(rk > 0) || st.gp(i2) < 2) continue;
          var rpx = rk * 1000 / (mpp0 * Math.cos(st.lat[i2] * Math.PI / 180));
          if (rpx < rs[q] + 2) continue;
          var col = st.types[st.type[i2]].color;
          ctx.beginPath(); ctx.arc(xs[q], ys[q], rpx, 0, 2 * Math.PI);
          ctx.globalAlpha = rpx > 150 ? 0.06 : 0.1; ctx.fillStyle = col; ctx.fill();
          ctx.globalAlpha = 0.75; ctx.setLineDash([5, 4]); ctx.lineWidth = 1.5; ctx.strokeStyle = col; ctx.stroke();
          ctx.setLineDash([]); ctx.globalAlpha = 1;
        }
      }
      // 2. direction: dashed line (toward: with an arrow) to the destination
      if (st.show.direction) {
        for (q = 0; q < pts.length; q++) {
          i2 = pts[q];
          var dla = st.dlat(i2), dlo = st.dlon(i2);
          if (dla === null || dlo === null) continue;
          var rel = st.s.rel(i2);
          var dl = Math.max(-MAX_LAT, Math.min(MAX_LAT, dla)), ds = Math.sin(dl * Math.PI / 180);
          var tx = ((dlo + 180) / 360) * S - ox, ty = (0.5 - Math.log((1 + ds) / (1 - ds)) / (4 * Math.PI)) * S - oy;
          var col2 = st.types[st.type[i2]].color;
          ctx.beginPath(); ctx.moveTo(xs[q], ys[q]); ctx.lineTo(tx, ty);
          ctx.setLineDash([7, 5]); ctx.lineWidth = 2; ctx.strokeStyle = col2; ctx.globalAlpha = 0.85; ctx.stroke(); ctx.setLineDash([]);
          var ang = Math.atan2(ty - ys[q], tx - xs[q]);
          if (rel === 'between') {
            ctx.beginPath(); ctx.arc(tx, ty, 3.5, 0, 2 * Math.PI); ctx.fillStyle = col2; ctx.fill();
          } else {
            ctx.beginPath(); ctx.moveTo(tx, ty);
            ctx.lineTo(tx - 11 * Math.cos(ang - 0.4), ty - 11 * Math.sin(ang - 0.4));
            ctx.lineTo(tx - 11 * Math.cos(ang + 0.4), ty - 11 * Math.sin(ang + 0.4)); ctx.closePath();
            ctx.fillStyle = col2; ctx.fill();
          }
          ctx.globalAlpha = 1;
        }
      }
      // 3. the incidents: the group's icon in the type's colour, sized by fatalities
      var stack = {};
      for (q = 0; q < pts.length; q++) {
        i2 = pts[q];
        var t = st.type[i2], g = st.groups[st.grp[i2]];
        shapePath(ctx, g.shape, xs[q], ys[q], rs[q]);
        ctx.globalAlpha = st.claim(i2) === 1 ? 0.5 : 0.92;
        ctx.fillStyle = st.types[t].color; ctx.fill();
        ctx.globalAlpha = 1; ctx.lineWidth = 1.2; ctx.strokeStyle = 'rgba(255,255,255,0.95)'; ctx.stroke();
        ctx.lineWidth = 0.6; ctx.strokeStyle = 'rgba(0,0,0,0.6)'; ctx.stroke();
        var key = Math.round(xs[q]) + ',' + Math.round(ys[q]);
        stack[key] = (stack[key] || 0) + 1;
        hits.push([xs[q] - px, ys[q] - py, rs[q] + 3, i2]);
        stats.points++; stats.byType[t]++;
      }
      // a badge where several incidents sit on the same spot
      ctx.font = 'bold 10px sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      for (var key2 in stack) {
        if (stack[key2] < 2) continue;
        var xy = key2.split(','), bx = +xy[0] + 9, by = +xy[1] - 9;
        ctx.beginPath(); ctx.arc(bx, by, 7, 0, 2 * Math.PI); ctx.fillStyle = '#222'; ctx.fill();
        ctx.fillStyle = '#fff'; ctx.fillText(String(stack[key2]), bx, by + 0.5);
      }
      // 4. clusters: a ring of type colours around the count
      for (q = 0; q < clusters.length; q++) {
        var cx = clusters[q][0], cy = clusters[q][1], cp = clusters[q][2].properties, cnt = cp.point_count;
        var R = 13 + 5 * Math.log10(cnt), a0 = -Math.PI / 2;
        for (var tt = 0; tt < st.types.length; tt++) {
          var ct = cp['t' + tt];
          if (!ct) continue;
          var a1 = a0 + 2 * Math.PI * ct / cnt;
          ctx.beginPath(); ctx.moveTo(cx, cy); ctx.arc(cx, cy, R, a0, a1); ctx.closePath();
          ctx.fillStyle = st.types[tt].color; ctx.fill();
          a0 = a1;
          stats.byType[tt] += ct;
        }
        ctx.beginPath(); ctx.arc(cx, cy, R * 0.62, 0, 2 * Math.PI); ctx.fillStyle = 'rgba(255,255,255,0.95)'; ctx.fill();
        ctx.beginPath(); ctx.arc(cx, cy, R, 0, 2 * Math.PI); ctx.lineWidth = 1; ctx.strokeStyle = 'rgba(0,0,0,0.45)'; ctx.stroke();
        ctx.fillStyle = '#111'; ctx.font = 'bold ' + (cnt >= 1000 ? 10 : 11) + 'px sans-serif';
        ctx.fillText(cp.point_count_abbreviated !== undefined ? String(cp.point_count_abbreviated) : String(cnt), cx, cy + 0.5);
        hits.push([cx - px, cy - py, R, -1 - cp.cluster_id, clusters[q][2]]);
        stats.clusters++; stats.clustered += cnt;
      }
      this.hits = hits; this.stats = stats;
    },
    /** Hits under a container point: the nearest cluster, or every incident there. */
    hitTest: function (x, y) {
      var best = null, bestD = Infinity, all = [];
      for (var k = 0; k < this.hits.length; k++) {
        var h = this.hits[k], dx = h[0] - x, dy = h[1] - y, d = Math.sqrt(dx * dx + dy * dy);
        if (d <= h[2]) {
          if (h[3] >= 0) all.push([d, h[3]]);
          if (d < bestD) { bestD = d; best = h; }
        }
      }
      if (!best) return null;
      if (best[3] < 0) return { cluster: best[4] };
      all.sort(function (a, b) { return a[0] - b[0]; });
      var first = all[0][0];
      return { points: all.filter(function (a) { return a[0] - first < 4; }).map(function (a) { return a[1]; }) };
    }
  });

  // ---------------------------------------------------------------- popups
  function row(tbl, cls, label, value) {
    var tr = el('tr', 'ge-f ge-f-' + cls);
    tr.appendChild(el('th', null, label));
    var td = el('td');
    if (value instanceof Node) td.appendChild(value); else td.textContent = value;
    tr.appendChild(td); tbl.appendChild(tr);
    return td;
  }

  State.prototype.dateText = function (i) {
    var d = this.day(i);
    if (d === null) return 'date unknown';
    var tp = this.tp(i), a = this.day0 + d - this.d0(i), b = this.day0 + d + this.d1(i);
    if (tp === 3) return 'month of ' + fmtMonth(a);
    if (tp === 2) return 'week of ' + fmtDay(a);
    return a !== b ? fmtRange(a, b) : fmtDay(a);
  };

  State.prototype.placeText = function (i) {
    var s = this.s, loc = s.location(i), rel = s.rel(i), dest = s.dest(i), gp = this.gp(i), rad = this.rad(i);
    var name = loc || 'unnamed place', text;
    if (rel === 'toward') text = dest && dest !== loc ? 'toward ' + dest + ' (from near ' + name + ')' : 'toward ' + (dest || name);
    else if (rel === 'between') text = 'between ' + name + ' and ' + (dest || 'another place');
    else if (rel === 'near') text = 'near ' + name;
    else if (rel === 'region') text = name + ' (region)';
    else if (rel === 'offset') text = 'off ' + name;
    else text = name;
    var where = [s.admin1(i), s.country(i)].filter(function (x) { return x && x !== loc; });
    if (where.length) text += ', ' + where.join(', ');
    var prec = this.cfg.geoPrecision[String(gp)];
    if (gp >= 2) text += ' \u00b7 ' + (gp === 2 ? 'approximate' : 'region-level') + (rad > 0 ? ' (\u00b1' + rad + ' km)' : '');
    else if (prec) text += ' \u00b7 ' + prec;
    return text;
  };

  State.prototype.fatalText = function (i) {
    var f = this.fat(i), lo = this.flo(i), hi = this.fhi(i), inj = this.inj(i), t;
    if (f === null && lo === null && hi === null) t = 'not reported';
    else {
      t = f === null ? '' : fmtInt(f);
      if (lo !== null && hi !== null && lo !== hi) t += ' (reported ' + fmtInt(lo) + '\u2013' + fmtInt(hi) + ')';
      else if (lo !== null && hi === null) t = lo === f ? 'at least ' + fmtInt(lo) : t + ' (at least ' + fmtInt(lo) + ' reported)';
      t = t.trim();
    }
    if (inj !== null) t += ' \u00b7 ' + fmtInt(inj) + ' wounded';
    return t;
  };

  State.prototype.sourceNode = function (i) {
    var names = (this.s.source(i) || '').split(';').map(function (x) { return x.trim(); }).filter(Boolean);
    var urls = (this.s.url(i) || '').split(';').map(function (x) { return x.trim(); }).filter(Boolean);
    var span = el('span', 'ge-sources');
    var k, m = Math.max(names.length, urls.length);
    if (!m) span.appendChild(el('span', null, 'unknown'));
    for (k = 0; k < m; k++) {
      if (k) span.appendChild(document.createTextNode('; '));
      var label = names[k] || urls[k] || 'source', url = urls[k];
      if (isHttp(url)) {
        var a = el('a', 'ge-source-link', label);
        a.href = url.trim(); a.target = '_blank'; a.rel = 'noopener noreferrer nofollow';
        span.appendChild(a);
      } else {
        span.appendChild(el('span', 'ge-source-name', label));
        if (url && url !== label) span.appendChild(el('span', 'ge-source-url', ' (' + url + ')'));
      }
    }
    var p = this.pub(i);
    if (p !== null) span.appendChild(el('span', 'ge-published', ', published ' + fmtDay(p)));
    return span;
  };

  State.prototype.popup = function (list, at) {
    var st = this, idx = at || 0, i = list[idx];
    var box = el('div', 'ge-pop');
    var t = this.types[this.type[i]], g = this.groups[this.grp[i]];
    var head = el('div', 'ge-pop-head');
    head.style.borderColor = t.color;
    head.appendChild(iconFor(g.shape, t.color, 16));
    head.appendChild(el('span', 'ge-pop-sub', this.s.sub(i) || g.label));
    head.appendChild(el('span', 'ge-pop-type', t.label));
    box.appendChild(head);
    var tbl = el('table', 'ge-pop-fields');
    row(tbl, 'date', 'Date', this.dateText(i));
    var a1 = this.s.actor1(i), a2 = this.s.actor2(i);
    var ass1 = this.s.assoc1(i), ass2 = this.s.assoc2(i);
    if (a1 || a2) row(tbl, 'actors', 'Actors', (a1 || 'unknown') + (ass1 ? ' (with ' + ass1 + ')' : '') +
      (a2 ? ' \u2192 ' + a2 + (ass2 ? ' (with ' + ass2 + ')' : '') : ''));
    row(tbl, 'fatalities', 'Fatalities', this.fatalText(i));
    row(tbl, 'place', 'Place', this.placeText(i));
    row(tbl, 'source', 'Source', this.sourceNode(i));
    var att = this.s.attribution(i);
    if (att) row(tbl, 'attribution', 'According to', att);
    var conf = this.conf(i), bits = [];
    if (conf !== null) bits.push((conf / 100).toFixed(2));
    if (this.claim(i) === 1) bits.push('unverified claim');
    var flags = this.s.flags(i);
    if (flags) bits.push('flags: ' + flags.split(';').join(', '));
    if (bits.length) row(tbl, 'confidence', 'Confidence', bits.join(' \u00b7 '));
    box.appendChild(tbl);
    var notes = this.s.notes(i);
    if (notes) box.appendChild(el('blockquote', 'ge-pop-notes', notes));
    var id = this.s.id(i);
    if (id) box.appendChild(el('div', 'ge-pop-id', id));
    if (list.length > 1) {
      var nav = el('div', 'ge-pop-nav');
      var prev = el('button', 'ge-prev', '\u2039'), next = el('button', 'ge-next', '\u203a');
      prev.type = next.type = 'button';
      prev.disabled = idx === 0; next.disabled = idx === list.length - 1;
      nav.appendChild(prev);
      nav.appendChild(el('span', 'ge-pop-count', (idx + 1) + ' of ' + list.length + ' incidents here'));
      nav.appendChild(next);
      L.DomEvent.on(prev, 'click', function (e) { L.DomEvent.stop(e); st.openPopup(list, idx - 1); });
      L.DomEvent.on(next, 'click', function (e) { L.DomEvent.stop(e); st.openPopup(list, idx + 1); });
      box.insertBefore(nav, box.firstChild);
    }
    return box;
  };

  State.prototype.openPopup = function (list, idx) {
    var i = list[idx || 0];
    if (!this._popup) this._popup = L.popup({ maxWidth: 380, minWidth: 260, autoPanPaddingTopLeft: [60, 130], autoPanPaddingBottomRight: [20, 20], className: 'ge-popup' });
    this._popup.setLatLng([this.lat[i], this.lon[i]]).setContent(this.popup(list, idx || 0));
    if (!this.map.hasLayer(this._popup)) this._popup.openOn(this.map); else this._popup.update();
  };

  // ---------------------------------------------------------------- controls
  function control(position, cls, build) {
    var C = L.Control.extend({
      options: { position: position },
      onAdd: function () {
        var div = el('div', 'leaflet-control ' + cls);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        build(div);
        return div;
      }
    });
    return new C();
  }

  State.prototype.buildPanel = function (div) {
    var st = this;
    var head = el('div', 'ge-panel-head');
    head.appendChild(el('span', null, 'Layers'));
    var tog = el('button', 'ge-collapse', '\u2212'); tog.type = 'button'; tog.title = 'Hide or show the layer list';
    head.appendChild(tog);
    div.appendChild(head);
    var body = el('div', 'ge-panel-body');
    div.appendChild(body);
    L.DomEvent.on(tog, 'click', function () {
      var hidden = body.style.display === 'none';
      body.style.display = hidden ? '' : 'none'; tog.textContent = hidden ? '\u2212' : '+';
    });
    if (this.map.getSize().x < 700) { body.style.display = 'none'; tog.textContent = '+'; }  // small screens
    this.countEls = { type: [], group: [], facet: [] };
    var sec = el('div', 'ge-sec');
    sec.appendChild(el('div', 'ge-sec-title', 'Event types'));
    var present = this.cfg.typeTotals;
    this.types.forEach(function (t, ti) {
      if (!present[ti]) return;
      var wrap = el('div', 'ge-type');
      var lab = el('label', 'ge-type-row');
      var cb = el('input'); cb.type = 'checkbox'; cb.checked = true; cb.className = 'ge-cb-type'; cb.dataset.type = String(ti);
      lab.appendChild(cb);
      lab.appendChild(iconFor('circle', t.color, 13));
      lab.appendChild(el('span', 'ge-label', t.label));
      var cnt = el('span', 'ge-count'); cnt.dataset.type = String(ti);
      st.countEls.type[ti] = cnt; lab.appendChild(cnt);
      wrap.appendChild(lab);
      var gbox = el('div', 'ge-groups');
      var groupCbs = [];
      t.groups.forEach(function (gi) {
        if (!st.cfg.groupTotals[gi]) return;
        var g = st.groups[gi];
        var gl = el('label', 'ge-group-row');
        var gcb = el('input'); gcb.type = 'checkbox'; gcb.checked = true; gcb.className = 'ge-cb-group'; gcb.dataset.group = String(gi);
        gl.appendChild(gcb); gl.appendChild(iconFor(g.shape, t.color, 13)); gl.appendChild(el('span', 'ge-label', g.label));
        var gc = el('span', 'ge-count'); gc.dataset.group = String(gi); st.countEls.group[gi] = gc; gl.appendChild(gc);
        gbox.appendChild(gl); groupCbs.push(gcb);
        gcb.addEventListener('change', function () { st.grpOn[gi] = gcb.checked; st.refresh(); });
      });
      if (groupCbs.length > 1) wrap.appendChild(gbox);
      cb.addEventListener('change', function () {
        st.typeOn[ti] = cb.checked;
        groupCbs.forEach(function (g) { g.disabled = !cb.checked; });
        st.refresh();
      });
      sec.appendChild(wrap);
    });
    body.appendChild(sec);
    this.facets.forEach(function (f, fi) {
      var fs = el('div', 'ge-sec ge-facet');
      fs.appendChild(el('div', 'ge-sec-title', f.cfg.label));
      st.countEls.facet[fi] = [];
      f.cfg.values.forEach(function (v, vi) {
        var l = el('label', 'ge-facet-row');
        var c = el('input'); c.type = 'checkbox'; c.checked = true; c.className = 'ge-cb-facet'; c.dataset.facet = f.cfg.key; c.dataset.value = String(vi);
        l.appendChild(c); l.appendChild(el('span', 'ge-label', v));
        var cn = el('span', 'ge-count'); st.countEls.facet[fi][vi] = cn; l.appendChild(cn);
        c.addEventListener('change', function () { f.on[vi] = c.checked; st.refresh(); });
        fs.appendChild(l);
      });
      body.appendChild(fs);
    });
    var disp = el('div', 'ge-sec');
    disp.appendChild(el('div', 'ge-sec-title', 'Display'));
    var opts = [['cluster', 'Cluster nearby incidents'], ['uncertainty', 'Uncertainty rings'], ['direction', 'Toward / between lines']];
    if (window.L.heatLayer) opts.push(['heat', 'Heat map']);
    opts.forEach(function (o) {
      var l = el('label', 'ge-opt-row');
      var c = el('input'); c.type = 'checkbox'; c.checked = !!st.show[o[0]]; c.className = 'ge-cb-' + o[0];
      l.appendChild(c); l.appendChild(el('span', 'ge-label', o[1]));
      c.addEventListener('change', function () {
        st.show[o[0]] = c.checked;
        if (o[0] === 'cluster') st.refresh(); else if (o[0] === 'heat') st.updateHeat(); else st.layer.draw();
      });
      disp.appendChild(l);
    });
    body.appendChild(disp);
    if (this.cfg.tiles.length) {
      var bm = el('div', 'ge-sec');
      bm.appendChild(el('div', 'ge-sec-title', 'Basemap'));
      var choices = this.cfg.tiles.map(function (t) { return [t.key, t.label]; }).concat([['none', this.topoId ? 'Country outlines' : 'None']]);
      choices.forEach(function (ch) {
        var l = el('label', 'ge-base-row');
        var r = el('input'); r.type = 'radio'; r.name = 'ge-base-' + st.uid; r.value = ch[0]; r.checked = ch[0] === st.base;
        r.className = 'ge-rb-base';
        l.appendChild(r); l.appendChild(el('span', 'ge-label', ch[1]));
        r.addEventListener('change', function () { if (r.checked) st.setBase(ch[0]); });
        bm.appendChild(l);
      });
      body.appendChild(bm);
    }
  };

  State.prototype.updateCounts = function () {
    var st = this;
    this.countEls.type.forEach(function (e, i) { if (e) e.textContent = fmtInt(st.typeCounts[i]); });
    this.countEls.group.forEach(function (e, i) { if (e) e.textContent = fmtInt(st.groupCounts[i]); });
    this.countEls.facet.forEach(function (arr, fi) {
      arr.forEach(function (e, vi) { if (e) e.textContent = fmtInt(st.facetCounts[fi][vi]); });
    });
    if (this.shownEl) {
      this.shownEl.textContent = 'showing ' + fmtInt(this.vis.length) + ' of ' + fmtInt(this.cfg.mapped) + ' mapped incidents';
    }
  };

  State.prototype.buildLegend = function (div) {
    var st = this;
    div.appendChild(el('div', 'ge-legend-title', 'Legend'));
    this.types.forEach(function (t, ti) {
      if (!st.cfg.typeTotals[ti]) return;
      var r = el('div', 'ge-legend-row');
      r.appendChild(el('span', 'ge-legend-type', t.label));
      var icons = el('span', 'ge-legend-icons');
      t.groups.forEach(function (gi) {
        if (!st.cfg.groupTotals[gi]) return;
        var ic = iconFor(st.groups[gi].shape, t.color, 14); ic.title = st.groups[gi].label; icons.appendChild(ic);
      });
      r.appendChild(icons);
      div.appendChild(r);
    });
    var notes = el('div', 'ge-legend-notes');
    notes.appendChild(el('div', null, 'Size: fatalities (log scale) \u00b7 faded: unverified claim'));
    notes.appendChild(el('div', null, 'Dashed ring: approximate location (its radius)'));
    notes.appendChild(el('div', null, 'Dashed arrow: toward a place \u00b7 dashed line: between places'));
    notes.appendChild(el('div', null, 'Ring of colours: a cluster, split by type'));
    div.appendChild(notes);
  };

  State.prototype.buildTitle = function (div) {
    if (this.cfg.title) div.appendChild(el('div', 'ge-title-main', this.cfg.title));
    div.appendChild(el('div', 'ge-title-summary', this.cfg.summary));
    this.shownEl = el('div', 'ge-title-shown');
    div.appendChild(this.shownEl);
  };

  State.prototype.buildTime = function (div) {
    var st = this;
    var chart = this.chart = el('canvas', 'ge-chart');
    div.appendChild(chart);
    var box = el('div', 'ge-range');
    var r0 = this.r0 = el('input', 'ge-t0'), r1 = this.r1 = el('input', 'ge-t1');
    [r0, r1].forEach(function (r) { r.type = 'range'; r.min = '0'; r.max = String(st.span); r.step = '1'; });
    r0.value = '0'; r1.value = String(this.span);
    r0.setAttribute('aria-label', 'Start of the time window'); r1.setAttribute('aria-label', 'End of the time window');
    box.appendChild(r0); box.appendChild(r1);
    div.appendChild(box);
    var lab = this.timeLabel = el('div', 'ge-time-label');
    div.appendChild(lab);
    var timer = null;
    function onInput(which) {
      var a = +r0.value, b = +r1.value;
      if (a > b) { if (which === 0) { r0.value = String(b); a = b; } else { r1.value = String(a); b = a; } }
      st.w0 = a; st.w1 = b;
      st.updateTimeLabel();
      st.drawChart();
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; st.refresh(); }, st.n > 20000 ? 150 : 0);
    }
    r0.addEventListener('input', function () { onInput(0); });
    r1.addEventListener('input', function () { onInput(1); });
    // a click on the chart picks that day (or bin); "all dates" resets
    chart.title = 'Click a bar to show that day only';
    chart.style.cursor = 'pointer';
    chart.addEventListener('click', function (e) {
      var rect = chart.getBoundingClientRect(), bin = st._chartBin || 1;
      var nb = Math.ceil((st.span + 1) / bin), k = Math.floor((e.clientX - rect.left) / rect.width * nb);
      k = Math.max(0, Math.min(nb - 1, k));
      if (st._stopPlay) st._stopPlay();
      r0.value = String(k * bin); r1.value = String(Math.min(st.span, k * bin + bin - 1));
      onInput(1);
    });
    var all = el('button', 'ge-all-dates', 'all dates');
    all.type = 'button';
    all.addEventListener('click', function () {
      if (st._stopPlay) st._stopPlay();
      r0.value = '0'; r1.value = String(st.span); onInput(1);
    });
    lab.appendChild(all);
    // play: move a window of the current width (a week when all dates are shown) through time
    var play = el('button', 'ge-play', '\u25b6');
    play.type = 'button'; play.title = 'Play through time';
    var playing = null;
    function stop() { if (playing) { clearInterval(playing); playing = null; play.textContent = '\u25b6'; } }
    st._stopPlay = stop;
    play.addEventListener('click', function () {
      if (playing) return stop();
      var width = (st.w0 === 0 && st.w1 === st.span) ? Math.min(6, st.span) : st.w1 - st.w0;
      var start = (st.w1 >= st.span) ? 0 : st.w0 + 1;
      play.textContent = '\u275a\u275a';
      var step = function () {
        if (start > st.span - width) { stop(); return; }
        r0.value = String(start); r1.value = String(start + width); onInput(1); start += 1;
      };
      step();
      playing = setInterval(step, st.n > 20000 ? 700 : 350);
    });
    lab.appendChild(play);
    this.updateTimeLabel();
  };

  State.prototype.updateTimeLabel = function () {
    if (!this.timeLabel) return;
    var a = this.day0 + this.w0, b = this.day0 + this.w1;
    if (!this.timeText) {
      this.timeText = el('span', 'ge-time-text');
      this.timeLabel.insertBefore(this.timeText, this.timeLabel.firstChild);
    }
    this.timeText.textContent = fmtRange(a, b) + (this.w0 === 0 && this.w1 === this.span ? ' (all dates)' : '');
  };

  /** Incidents per day (or per bin of days), stacked by type, for the layers switched on. */
  State.prototype.drawChart = function () {
    var c = this.chart;
    if (!c) return;
    var w = c.clientWidth || 300, h = c.clientHeight || 56, dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    var ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var span = this.span + 1, bin = Math.max(1, Math.ceil(span / Math.max(20, Math.floor(w / 3))));
    var nb = Math.ceil(span / bin), nt = this.types.length;
    if (bin !== this._chartBin) this._chartDirty = true;
    this._chartBin = bin;
    if (!this._chartBins || this._chartDirty) {
      var bins = new Int32Array(nb * nt);
      for (var i = 0; i < this.n; i++) {
        var d = this.day(i);
        if (d === null) continue;
        var t = this.type[i];
        if (!this.typeOn[t] || !this.grpOn[this.grp[i]] || !this.passFacets(i)) continue;
        var b = Math.floor(d / bin);
        if (b >= 0 && b < nb) bins[b * nt + t]++;
      }
      this._chartBins = bins; this._chartDirty = false;
    }
    var B = this._chartBins, max = 1, k, tt;
    for (k = 0; k < nb; k++) { var s = 0; for (tt = 0; tt < nt; tt++) s += B[k * nt + tt]; if (s > max) max = s; }
    var bw = w / nb;
    for (k = 0; k < nb; k++) {
      var y = h - 12;
      for (tt = 0; tt < nt; tt++) {
        var v = B[k * nt + tt];
        if (!v) continue;
        var bh = (h - 16) * v / max;
        ctx.fillStyle = this.types[tt].color; ctx.fillRect(k * bw + 0.5, y - bh, Math.max(1, bw - 1), bh);
        y -= bh;
      }
    }
    // shade what lies outside the window
    ctx.fillStyle = 'rgba(255,255,255,0.7)';
    var x0 = (this.w0 / bin) * bw, x1 = ((this.w1 + 1) / bin) * bw;
    ctx.fillRect(0, 0, x0, h - 12); ctx.fillRect(x1, 0, w - x1, h - 12);
    ctx.fillStyle = '#555'; ctx.font = '10px sans-serif'; ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left'; ctx.fillText(fmtDay(this.day0), 0, h);
    ctx.textAlign = 'right'; ctx.fillText(fmtDay(this.day0 + this.span), w, h);
    ctx.textAlign = 'center'; ctx.fillText('max ' + max + (bin > 1 ? ' per ' + bin + ' days' : ' per day'), w / 2, h);
  };

  State.prototype.buildSearch = function (div) {
    var st = this;
    var input = el('input', 'ge-search-input');
    input.type = 'search'; input.placeholder = 'Find a place\u2026'; input.setAttribute('aria-label', 'Find a place');
    var listId = 'ge-places-' + this.uid;
    input.setAttribute('list', listId);
    var dl = el('datalist'); dl.id = listId;
    div.appendChild(input); div.appendChild(dl);
    var filled = false;
    input.addEventListener('focus', function () {
      if (filled) return;
      filled = true;
      var counts = {};
      for (var i = 0; i < st.n; i++) { var l = st.s.location(i); if (l) counts[l] = (counts[l] || 0) + 1; }
      Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; }).slice(0, 5000).forEach(function (name) {
        var o = el('option'); o.value = name; dl.appendChild(o);
      });
    });
    function go() {
      var q = input.value.trim().toLowerCase();
      if (!q) return;
      var hits = [];
      for (var i = 0; i < st.n; i++) {
        var l = st.s.location(i);
        if (l && l.toLowerCase() === q) hits.push(i);
      }
      if (!hits.length) {
        for (var j = 0; j < st.n && hits.length < 5000; j++) {
          var l2 = st.s.location(j);
          if (l2 && l2.toLowerCase().indexOf(q) >= 0) hits.push(j);
        }
      }
      input.classList.toggle('ge-notfound', !hits.length);
      if (!hits.length) return;
      var b = L.latLngBounds(hits.map(function (i) { return [st.lat[i], st.lon[i]]; }));
      st.map.fitBounds(b.pad(0.2), { maxZoom: 11 });
      st.found = hits;
    }
    input.addEventListener('change', go);
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
  };

  function fullscreenControl(map) {
    return control('topleft', 'leaflet-bar ge-fullscreen', function (div) {
      var a = el('a', 'ge-fs-button');
      var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg'), path = document.createElementNS(ns, 'path');
      svg.setAttribute('viewBox', '0 0 16 16'); svg.setAttribute('width', '16'); svg.setAttribute('height', '16');
      path.setAttribute('d', 'M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5');
      path.setAttribute('fill', 'none'); path.setAttribute('stroke', '#222'); path.setAttribute('stroke-width', '2');
      svg.appendChild(path); a.appendChild(svg);
      a.href = '#'; a.title = 'Full screen'; a.setAttribute('role', 'button');
      div.appendChild(a);
      L.DomEvent.on(a, 'click', function (e) {
        L.DomEvent.preventDefault(e);
        var c = map.getContainer();
        if (document.fullscreenElement) document.exitFullscreen();
        else if (c.requestFullscreen) c.requestFullscreen();
      });
      document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
    });
  }

  State.prototype.updateHeat = function () {
    if (!window.L.heatLayer) return;
    if (!this.show.heat) { if (this.heat) this.map.removeLayer(this.heat); return; }
    var pts = new Array(this.vis.length), lf = Math.log1p(100);
    for (var k = 0; k < this.vis.length; k++) {
      var i = this.vis[k], f = this.fat(i) || 0;
      pts[k] = [this.lat[i], this.lon[i], 0.3 + 0.7 * Math.min(1, Math.log1p(f) / lf)];
    }
    if (!this.heat) this.heat = L.heatLayer(pts, { radius: 20, blur: 16, minOpacity: 0.25, pane: 'geHeat' });
    else this.heat.setLatLngs(pts);
    if (!this.map.hasLayer(this.heat)) this.heat.addTo(this.map);
  };

  State.prototype.setBase = function (key) {
    var map = this.map;
    if (this.baseLayer) { map.removeLayer(this.baseLayer); this.baseLayer = null; }
    this.base = key;
    if (key === 'none') {
      var topo = !this.outlines && this.topoId ? readJSON(this.topoId) : null;
      if (topo && window.topojson) {
        this.outlines = L.geoJSON(window.topojson.feature(topo, topo.objects.countries), {
          interactive: false, pane: 'tilePane', renderer: L.canvas({ padding: 0.5, pane: 'tilePane' }),
          style: { color: '#7b8791', weight: 0.7, fillColor: '#f4f1ea', fillOpacity: 1 }
        });
      }
      if (this.outlines) this.baseLayer = this.outlines.addTo(map);
      map.getContainer().classList.add('ge-nobase');
      return;
    }
    map.getContainer().classList.remove('ge-nobase');
    var t = this.cfg.tiles.filter(function (x) { return x.key === key; })[0];
    if (!t) return;
    var opts = { attribution: t.attribution, maxZoom: t.maxZoom || 19 };
    if (t.subdomains) opts.subdomains = t.subdomains;
    this.baseLayer = L.tileLayer(t.url, opts).addTo(map);
  };

  State.prototype.refresh = function () {
    this.filter();
    this._chartDirty = true;
    this.updateCounts();
    if (this.layer) this.layer.draw();
    this.drawChart();
    if (this.show.heat) this.updateHeat();
  };

  // ---------------------------------------------------------------- mount
  var uid = 0;
  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function b64bytes(text) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
    var bin = atob(text), n = bin.length, out = new Uint8Array(n);
    for (var i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /** The data block: plain JSON, or zlib-deflated JSON in base64 for large maps. */
  function readData(id) {
    var node = document.getElementById(id);
    if (node.getAttribute('data-encoding') !== 'deflate-base64') return Promise.resolve(JSON.parse(node.textContent));
    if (typeof DecompressionStream !== 'function') {
      return Promise.reject(new Error('this browser cannot open compressed geoevents maps (no DecompressionStream); ' +
        'save the map with compress=False'));
    }
    var stream = new Blob([b64bytes(node.textContent.trim())]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).text().then(JSON.parse);
  }

  function mount(map, dataId, cfgId, outlineId) {
    var cfg = readJSON(cfgId);
    window.geoevents = { ready: false };
    return readData(dataId).then(function (data) { return mountData(map, data, cfg, outlineId); }, function (err) {
      var box = el('div', 'ge-title', 'The map could not be drawn: ' + err.message);
      map.getContainer().appendChild(box);
      throw err;
    });
  }

  function mountData(map, data, cfg, outlineId) {
    var st = new State(map, data, cfg);
    st.uid = ++uid;
    map.attributionControl.setPrefix('Leaflet');
    (cfg.attribution || []).forEach(function (a) { map.attributionControl.addAttribution(a); });
    map.createPane('geHeat').style.zIndex = 390;
    st.topoId = outlineId;
    st.base = cfg.tile;
    if (cfg.tile !== 'none') st.setBase(cfg.tile);
    st.filter();
    st.layer = new Overlay(st);
    control('topright', 'ge-panel', function (div) { st.buildPanel(div); }).addTo(map);
    control('bottomright', 'ge-legend', function (div) { st.buildLegend(div); }).addTo(map);
    if (cfg.timeSlider && cfg.span >= 0 && cfg.dated) control('bottomleft', 'ge-time', function (div) { st.buildTime(div); }).addTo(map);
    control('topleft', 'ge-search', function (div) { st.buildSearch(div); }).addTo(map);
    fullscreenControl(map).addTo(map);
    var title = el('div', 'ge-title');
    L.DomEvent.disableClickPropagation(title);
    st.buildTitle(title);
    map.getContainer().appendChild(title);
    if (cfg.bounds) {
      var sz = map.getSize(), wide = sz.x > 700;
      map.fitBounds(cfg.bounds, { maxZoom: cfg.fitMaxZoom || 10, animate: false,
        paddingTopLeft: [wide ? 60 : 10, wide ? 110 : 10], paddingBottomRight: [wide ? 300 : 10, wide ? 150 : 10] });
    }
    st.layer.addTo(map);
    st.updateCounts();
    st.drawChart();
    if (st.show.heat) st.updateHeat();
    map.on('click', function (e) {
      var h = st.layer.hitTest(e.containerPoint.x, e.containerPoint.y);
      if (!h) return;
      if (h.cluster) {
        var id = h.cluster.properties.cluster_id, z = st.index.getClusterExpansionZoom(id);
        var c = h.cluster.geometry.coordinates;
        if (z <= map.getMaxZoom() && z <= (cfg.clusterMaxZoom || 13) + 1) map.setView([c[1], c[0]], z);
        else st.openPopup(st.index.getLeaves(id, Infinity).map(function (f) { return f.properties.i; }), 0);
      } else st.openPopup(h.points, 0);
    });
    // a one-line hint under the pointer: what, where, when (text only)
    var tip = el('div', 'ge-tip');
    tip.style.display = 'none';
    map.getContainer().appendChild(tip);
    map.on('mousemove', function (e) {
      var h = st.layer.hitTest(e.containerPoint.x, e.containerPoint.y);
      map.getContainer().classList.toggle('ge-pointer', !!h);
      if (!h) { tip.style.display = 'none'; return; }
      if (h.cluster) {
        tip.textContent = fmtInt(h.cluster.properties.point_count) + ' incidents \u00b7 click to zoom in';
      } else {
        var i = h.points[0];
        tip.textContent = (st.s.sub(i) || st.types[st.type[i]].label) + ' \u00b7 ' + (st.s.location(i) || '?') +
          ' \u00b7 ' + st.dateText(i) + (h.points.length > 1 ? ' (+' + (h.points.length - 1) + ' more)' : '');
      }
      tip.style.left = (e.containerPoint.x + 14) + 'px'; tip.style.top = (e.containerPoint.y + 10) + 'px';
      tip.style.display = '';
    });
    map.on('mouseout movestart popupopen', function () { tip.style.display = 'none'; });
    var api = {
      ready: true,
      readyAt: performance.now(),
      n: st.n,
      state: st,
      visible: function () { return st.vis.length; },
      stats: function () { return st.layer.stats; },
      pointOf: function (i) { return st.layer.pointOf(i); },
      indexOf: function (eventId) { for (var i = 0; i < st.n; i++) if (st.s.id(i) === eventId) return i; return -1; },
      typeLabels: function () { return st.types.map(function (t) { return t.label; }); }
    };
    window.geoevents = api;
    // the outlines come right after the first frame, so the map answers sooner
    if (cfg.tile === 'none') setTimeout(function () { st.setBase('none'); api.outlinesAt = performance.now(); }, 0);
    return api;
  }

  window.GeoEvents = { mount: mount, version: 1 };
})();
