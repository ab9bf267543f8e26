// The cx-pillars rating page: the questions of `cx-pillars rate`, one step at a time,
// in the browser, with no network. Every text reaches the page through textContent or
// an attribute set by the DOM (never innerHTML), so nothing in a label, question or
// answer can become markup. At the end it offers the answers as a small TOML file
// (a Blob and <a download>) that `cx-pillars team import` reads; its `check` is the
// SHA-256 of the answers in the canonical form cx_pillars/colleagues/answers.py builds.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("cx-data").textContent);
  var N = DATA.pillars.length;
  var TOTAL = N + 3; // about you, one step per pillar, the ranking, the summary
  var MAX_TEXT = 200;
  var MAX_NOTE = 2000;
  // The characters cx-pillars refuses in a text (cx_pillars/safetext.py).
  var BAD = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

  var state = {
    lang: DATA.lang,
    step: 0,
    respondent: "",
    anonymous: false,
    team: DATA.team || "",
    role: "",
    ratings: {},
    notes: {},
    places: [],
    file: null
  };
  for (var i = 0; i < N; i++) state.places.push("");

  // -- words ---------------------------------------------------------------------------
  function T(key, values) {
    var text = DATA.texts[state.lang][key];
    if (text === undefined) text = DATA.texts.en[key];
    if (values) {
      text = text.replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
      });
    }
    return text;
  }
  function P(index, key) {
    var texts = DATA.pillars[index].texts;
    return (texts[state.lang] && texts[state.lang][key]) || texts.en[key] || "";
  }
  function label(index) {
    return P(index, "label");
  }
  function indexOf(id) {
    for (var i = 0; i < N; i++) if (DATA.pillars[i].id === id) return i;
    return -1;
  }

  // -- building the page ----------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var name in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, name)) continue;
        var value = attrs[name];
        if (value === null || value === undefined || value === false) continue;
        if (name === "text") node.textContent = value;
        else if (name === "value") node.value = value;
        else if (name === "checked") node.checked = !!value;
        else node.setAttribute(name, value === true ? "" : value);
      }
    }
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }
  function codePoints(text) {
    return Array.from(text).length;
  }

  var main = document.getElementById("main");
  var errorBox = document.getElementById("errors");
  var progress = document.getElementById("progress");
  var progressText = document.getElementById("progress-text");
  var langSelect = document.getElementById("lang");

  function render() {
    document.documentElement.lang = DATA.texts[state.lang].html_lang;
    document.title = T("title");
    document.getElementById("page-title").textContent = T("title");
    document.getElementById("lang-label").textContent = T("language");
    progress.max = TOTAL;
    progress.value = state.step + 1;
    progressText.textContent = T("step", { k: state.step + 1, total: TOTAL });
    progress.setAttribute("aria-label", progressText.textContent);
    clearErrors();
    main.textContent = "";
    var form = el("form", { id: "step-form", novalidate: true });
    var body;
    if (state.step === 0) body = aboutStep();
    else if (state.step <= N) body = pillarStep(state.step - 1);
    else if (state.step === N + 1) body = rankingStep();
    else body = summaryStep();
    body.forEach(function (node) {
      if (node) form.appendChild(node);
    });
    form.appendChild(nav());
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      next();
    });
    main.appendChild(form);
    var heading = main.querySelector("h2");
    if (heading) heading.focus();
  }

  function heading(text) {
    return el("h2", { tabindex: "-1", text: text });
  }

  function textField(id, text, value, options) {
    var input = el("input", {
      id: id,
      name: id,
      type: "text",
      value: value,
      maxlength: String(MAX_TEXT),
      autocomplete: options.autocomplete || "off",
      disabled: options.disabled,
      "aria-required": options.required ? "true" : null
    });
    return el("div", { class: "field" }, [el("label", { for: id, text: text }), input]);
  }

  function aboutStep() {
    var intro = el("p", { class: "intro", text: T("intro", { n: N, framework: DATA.titles[state.lang] }) });
    var anon = el("input", { id: "anonymous", name: "anonymous", type: "checkbox", checked: state.anonymous });
    var name = textField("respondent", T("name"), state.anonymous ? "" : state.respondent, {
      autocomplete: "name",
      disabled: state.anonymous
    });
    anon.addEventListener("change", function () {
      var input = document.getElementById("respondent");
      input.disabled = anon.checked;
      if (anon.checked) input.value = "";
      state.anonymous = anon.checked;
    });
    var anonField = el("div", { class: "field check" }, [anon, el("label", { for: "anonymous", text: T("anonymous") })]);
    return [
      heading(T("about")),
      intro,
      name,
      anonField,
      textField("team", T("team"), state.team, { required: true, autocomplete: "organization" }),
      textField("role", T("role"), state.role, { autocomplete: "organization-title" })
    ];
  }

  function pillarStep(index) {
    var id = DATA.pillars[index].id;
    var described = ["question"];
    var parts = [el("p", { id: "question", class: "question", text: P(index, "question") })];
    if (P(index, "low")) {
      parts.push(el("p", { id: "low", class: "scale-end", text: T("low", { text: P(index, "low") }) }));
      described.push("low");
    }
    if (P(index, "high")) {
      parts.push(el("p", { id: "high", class: "scale-end", text: T("high", { text: P(index, "high") }) }));
      described.push("high");
    }
    var choices = [];
    for (var k = 1; k <= 5; k++) {
      var radio = el("input", {
        type: "radio",
        name: "score",
        id: "score-" + k,
        value: String(k),
        checked: state.ratings[id] === k
      });
      choices.push(el("span", { class: "choice" }, [radio, el("label", { for: "score-" + k, text: String(k) })]));
    }
    var scale = el(
      "fieldset",
      { class: "scale", id: "scale", "aria-describedby": described.join(" ") },
      [el("legend", { text: T("rating_legend") })].concat([el("div", { class: "choices" }, choices)])
    );
    var note = el("textarea", {
      id: "note",
      name: "note",
      rows: "3",
      maxlength: String(MAX_NOTE),
      value: state.notes[id] || ""
    });
    return [
      heading(label(index)),
      el("div", { class: "pillar-texts" }, parts),
      scale,
      el("div", { class: "field" }, [el("label", { for: "note", text: T("note") }), note])
    ];
  }

  // The text of pillar i in the list of place k: a pillar placed elsewhere says where,
  // so that with 30 pillars a colleague sees at a glance which are left.
  function placeOption(i, k, where) {
    var at = where[DATA.pillars[i].id];
    return at && at !== k ? T("taken", { pillar: label(i), k: at }) : label(i);
  }

  function placedNow() {
    var where = {};
    for (var k = 1; k <= N; k++) {
      var select = document.getElementById("place-" + k);
      if (select && select.value) where[select.value] = k;
    }
    return where;
  }

  // A pillar is in one place: choosing it for another place moves it there.
  function placeChosen(event) {
    var chosen = event.target;
    for (var k = 1; k <= N; k++) {
      var other = document.getElementById("place-" + k);
      if (other && other !== chosen && chosen.value && other.value === chosen.value) other.value = "";
    }
    var where = placedNow();
    for (var p = 1; p <= N; p++) {
      var options = document.getElementById("place-" + p).options;
      for (var j = 1; j < options.length; j++) options[j].textContent = placeOption(j - 1, p, where);
    }
  }

  function rankingStep() {
    var rows = [];
    var where = {};
    state.places.forEach(function (id, i) {
      if (id) where[id] = i + 1;
    });
    for (var k = 1; k <= N; k++) {
      var options = [el("option", { value: "", text: T("choose") })];
      for (var i = 0; i < N; i++) {
        options.push(
          el("option", {
            value: DATA.pillars[i].id,
            text: placeOption(i, k, where)
          })
        );
      }
      var select = el("select", { id: "place-" + k, name: "place-" + k }, options);
      select.value = state.places[k - 1];
      select.addEventListener("change", placeChosen);
      rows.push(el("div", { class: "field place" }, [el("label", { for: "place-" + k, text: T("place", { k: k }) }), select]));
    }
    return [
      heading(T("ranking")),
      el("fieldset", { class: "ranking", "aria-describedby": "ranking-help" }, [
        el("legend", { class: "visually-hidden", text: T("ranking") }),
        el("p", { id: "ranking-help", text: T("ranking_help", { n: N }) })
      ].concat(rows))
    ];
  }

  function summaryStep() {
    var total = 0;
    var best = 0;
    var worst = 6;
    DATA.pillars.forEach(function (p) {
      var score = state.ratings[p.id];
      total += score;
      best = Math.max(best, score);
      worst = Math.min(worst, score);
    });
    function at(score) {
      var names = [];
      DATA.pillars.forEach(function (p, i) {
        if (state.ratings[p.id] === score) names.push(label(i));
      });
      return names.join(T("list_sep")) + " (" + score + "/5)";
    }
    var list = el("ol", { class: "ranked" });
    state.places.forEach(function (id) {
      list.appendChild(el("li", { text: label(indexOf(id)) }));
    });
    var download = el("button", { type: "button", id: "download", class: "primary", text: T("download") });
    download.addEventListener("click", downloadAnswers);
    var change = el("button", { type: "button", id: "change", text: T("change") });
    change.addEventListener("click", function () {
      state.step = 0;
      render();
    });
    var nodes = [
      heading(T("summary")),
      el("p", { class: "total", text: T("total", { total: total, max: 5 * N }) }),
      el("p", { text: T("strongest", { pillars: at(best) }) }),
      best === worst ? null : el("p", { text: T("weakest", { pillars: at(worst) }) }),
      list,
      el("p", { class: "reminder", text: T("reminder") })
    ];
    if (state.anonymous) nodes.push(el("p", { class: "anonymous-note", text: T("anonymous_note") }));
    nodes.push(el("div", { class: "actions" }, [download, change]));
    nodes.push(el("p", { id: "done", class: "done", role: "status", "aria-live": "polite" }));
    nodes.push(el("div", { id: "file-box" }));
    return nodes;
  }

  function nav() {
    var buttons = [];
    if (state.step > 0) {
      var back = el("button", { type: "button", id: "back", text: T("back") });
      back.addEventListener("click", function () {
        keep();
        state.step -= 1;
        render();
      });
      buttons.push(back);
    }
    if (state.step <= N + 1) {
      buttons.push(el("button", { type: "submit", id: "next", class: "primary", text: T(state.step === 0 ? "start" : "next") }));
    }
    return el("div", { class: "nav" }, buttons);
  }

  // -- answers and checks -----------------------------------------------------------------
  function value(id) {
    var node = document.getElementById(id);
    return node ? node.value : "";
  }

  // Keep what the step shows (also when going back, unchecked).
  function keep() {
    state.file = null; // answers may change: a new file (and response id) next time
    if (state.step === 0) {
      state.anonymous = document.getElementById("anonymous").checked;
      state.respondent = state.anonymous ? "" : value("respondent").trim();
      state.team = value("team").trim();
      state.role = value("role").trim();
    } else if (state.step <= N) {
      var id = DATA.pillars[state.step - 1].id;
      var chosen = main.querySelector("input[name=score]:checked");
      if (chosen) state.ratings[id] = parseInt(chosen.value, 10);
      var note = value("note").replace(/\r\n/g, "\n").trim();
      if (note) state.notes[id] = note;
      else delete state.notes[id];
    } else if (state.step === N + 1) {
      for (var k = 1; k <= N; k++) state.places[k - 1] = value("place-" + k);
    }
  }

  function badText(text, limit, note) {
    var plain = note ? text.replace(/[\n\t]/g, " ") : text;
    return codePoints(text) > limit || BAD.test(plain);
  }

  function check() {
    var errors = [];
    if (state.step === 0) {
      if (!state.anonymous && !state.respondent) errors.push(["respondent", T("error_who")]);
      if (state.respondent && badText(state.respondent, MAX_TEXT, false))
        errors.push(["respondent", T("error_text", { field: T("name"), limit: MAX_TEXT })]);
      if (!state.team) errors.push(["team", T("error_team")]);
      else if (badText(state.team, MAX_TEXT, false))
        errors.push(["team", T("error_text", { field: T("team"), limit: MAX_TEXT })]);
      if (state.role && badText(state.role, MAX_TEXT, false))
        errors.push(["role", T("error_text", { field: T("role"), limit: MAX_TEXT })]);
    } else if (state.step <= N) {
      var id = DATA.pillars[state.step - 1].id;
      if (!state.ratings[id]) errors.push(["score-1", T("error_rating")]);
      if (state.notes[id] && badText(state.notes[id], MAX_NOTE, true))
        errors.push(["note", T("error_text", { field: T("note"), limit: MAX_NOTE })]);
    } else if (state.step === N + 1) {
      var empty = [];
      var seen = {};
      state.places.forEach(function (id, i) {
        if (!id) empty.push(i);
        else seen[id] = (seen[id] || 0) + 1;
      });
      // With all but one place chosen, the last pillar can only go there (as in rate).
      if (empty.length === 1) {
        var left = DATA.pillars.filter(function (p) {
          return !seen[p.id];
        });
        if (left.length === 1) {
          state.places[empty[0]] = left[0].id;
          document.getElementById("place-" + (empty[0] + 1)).value = left[0].id;
          seen[left[0].id] = 1;
          empty = [];
        }
      }
      // Each empty place is marked; more than three are one line in the summary, not
      // 28 lines of "Choose a pillar for place k".
      var many = empty.length > 3;
      empty.forEach(function (i, j) {
        var text = T("error_place", { k: i + 1 });
        var summary = !many ? text : j === 0 ? T("error_places", { places: spans(empty) }) : null;
        errors.push(["place-" + (i + 1), text, summary]);
      });
      DATA.pillars.forEach(function (p, i) {
        if (seen[p.id] > 1) {
          var first = state.places.indexOf(p.id);
          var again = state.places.indexOf(p.id, first + 1);
          errors.push(["place-" + (again + 1), T("error_twice", { pillar: label(i) })]);
        }
      });
    }
    return errors;
  }

  function clearErrors() {
    errorBox.textContent = "";
    errorBox.hidden = true;
    Array.prototype.forEach.call(document.querySelectorAll("[aria-invalid]"), function (node) {
      node.removeAttribute("aria-invalid");
      node.removeAttribute("aria-errormessage");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".field-error"), function (node) {
      node.remove();
    });
  }

  // Places (0-based) as the numbers people read, runs joined: 1, 3–4, 6–30.
  function spans(places) {
    var parts = [];
    for (var a = 0; a < places.length; a++) {
      var b = a;
      while (b + 1 < places.length && places[b + 1] === places[b] + 1) b++;
      parts.push(b > a ? places[a] + 1 + "–" + (places[b] + 1) : String(places[a] + 1));
      a = b;
    }
    return parts.join(T("places_sep"));
  }

  // errors: [field id, the message beside the field, the summary's line (the same when
  // left out; null: none, the field's message is said by another line)]
  function showErrors(errors) {
    clearErrors();
    errorBox.hidden = false;
    var listed = errors.filter(function (error) {
      return error[2] !== null;
    });
    errorBox.appendChild(el("p", { class: "errors-title", text: T("errors", { count: listed.length }) }));
    var list = el("ul");
    errors.forEach(function (error, i) {
      var target = document.getElementById(error[0]);
      if (error[2] !== null) list.appendChild(el("li", { text: error[2] === undefined ? error[1] : error[2] }));
      if (target) {
        // the message also beside the field, where a phone's screen shows it
        var marked = error[0].indexOf("score-") === 0 ? document.getElementById("scale") : target;
        var inline = el("p", { id: "error-" + i, class: "field-error", text: error[1] });
        var box = marked.closest(".field") || marked;
        if (box === marked) marked.appendChild(inline);
        else box.appendChild(inline);
        marked.setAttribute("aria-invalid", "true");
        marked.setAttribute("aria-errormessage", "error-" + i);
      }
    });
    errorBox.appendChild(list);
    var first = document.getElementById(errors[0][0]);
    if (first) first.focus();
  }

  function next() {
    keep();
    var errors = check();
    if (errors.length) {
      showErrors(errors);
      return;
    }
    state.step += 1;
    render();
  }

  // -- the answers file ---------------------------------------------------------------------
  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function created() {
    var now = new Date();
    var day = now.getUTCFullYear() + "-" + two(now.getUTCMonth() + 1) + "-" + two(now.getUTCDate());
    if (state.anonymous) return day + "T00:00:00Z"; // only the day, as rate --anonymous
    return day + "T" + two(now.getUTCHours()) + ":" + two(now.getUTCMinutes()) + ":" + two(now.getUTCSeconds()) + "Z";
  }
  function randomHex(bytes) {
    var out = "";
    var values = new Uint8Array(bytes);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(values);
    else for (var i = 0; i < bytes; i++) values[i] = Math.floor(Math.random() * 256);
    values.forEach(function (b) {
      out += (b < 16 ? "0" : "") + b.toString(16);
    });
    return out;
  }
  function tomlString(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var code = text.charCodeAt(i);
      if (c === "\\") out += "\\\\";
      else if (c === '"') out += '\\"';
      else if (c === "\n") out += "\\n";
      else if (c === "\t") out += "\\t";
      else if (code < 0x20 || code === 0x7f) out += "\\u" + ("000" + code.toString(16)).slice(-4);
      else out += c;
    }
    return out + '"';
  }
  function slug(name) {
    var ascii = name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    var words = ascii.match(/[a-z0-9]+/g) || [];
    return words.join("-").slice(0, 24).replace(/-+$/, "") || "colleague";
  }

  function answersFile() {
    var responseId = randomHex(16);
    var when = created();
    var ranking = state.places.slice();
    var ratings = DATA.pillars.map(function (p) {
      return [p.id, state.ratings[p.id]];
    });
    var notes = DATA.pillars
      .filter(function (p) {
        return state.notes[p.id];
      })
      .map(function (p) {
        return [p.id, state.notes[p.id]];
      });
    var canonical = JSON.stringify([
      1,
      DATA.framework,
      responseId,
      when,
      state.anonymous ? "" : state.respondent,
      state.anonymous,
      state.team,
      state.role,
      ranking,
      ratings,
      notes
    ]);
    var lines = [
      "# " + DATA.file_comment,
      "form = 1",
      "framework = " + tomlString(DATA.framework),
      "response_id = " + tomlString(responseId),
      "created = " + when
    ];
    if (state.anonymous) lines.push("anonymous = true");
    else lines.push("respondent = " + tomlString(state.respondent));
    lines.push("team = " + tomlString(state.team));
    lines.push("role = " + tomlString(state.role));
    lines.push("ranking = [" + ranking.map(tomlString).join(", ") + "]");
    lines.push("check = " + tomlString(sha256(canonical)));
    lines.push("", "[ratings]");
    ratings.forEach(function (pair) {
      lines.push(pair[0] + " = " + pair[1]);
    });
    if (notes.length) {
      lines.push("", "[notes]");
      notes.forEach(function (pair) {
        lines.push(pair[0] + " = " + tomlString(pair[1]));
      });
    }
    var name = state.anonymous
      ? "answers-anonymous-" + randomHex(2) + ".toml"
      : "answers-" + slug(state.respondent) + "-" + when.slice(0, 10) + ".toml";
    return { name: name, text: lines.join("\n") + "\n" };
  }

  function downloadAnswers() {
    if (!state.file) state.file = answersFile();
    var blob = new Blob([state.file.text], { type: "application/toml" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: state.file.name, class: "visually-hidden", text: state.file.name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 1000);
    document.getElementById("done").textContent = T("downloaded", { file: state.file.name });
    var box = document.getElementById("file-box");
    box.textContent = "";
    box.appendChild(
      el("details", {}, [
        el("summary", { text: T("show_file", { file: state.file.name }) }),
        el("pre", { id: "file-text", tabindex: "0", text: state.file.text })
      ])
    );
  }

  // -- SHA-256 (FIPS 180-4), for the check; crypto.subtle is missing on plain-http pages -----
  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    var K = [
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    ];
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var bits = length * 8;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(padded.length - 4, bits >>> 0);
    var W = new Array(64);
    function rotr(x, n) {
      return (x >>> n) | (x << (32 - n));
    }
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var t = 0; t < 16; t++) W[t] = view.getUint32(offset + 4 * t);
      for (t = 16; t < 64; t++) {
        var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
        var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H.map(function (x) {
      return ("0000000" + (x >>> 0).toString(16)).slice(-8);
    }).join("");
  }

  // -- start ------------------------------------------------------------------------------
  DATA.languages.forEach(function (code) {
    langSelect.appendChild(el("option", { value: code, text: DATA.texts[code].lang_name }));
  });
  langSelect.value = state.lang;
  langSelect.addEventListener("change", function () {
    keep();
    state.lang = langSelect.value;
    render();
  });
  document.getElementById("app").hidden = false;
  render();
})();
