"use strict";
(function () {
  const form = document.getElementById("query-form");
  const results = document.getElementById("results");
  const status = document.getElementById("status");

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined) node.setAttribute(k, v); });
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function where(c) {
    return [c.title, c.publisher, c.year, c.place || (c.page ? "p. " + c.page : null)].filter(Boolean).join(", ");
  }

  function filters() {
    const f = {};
    const type = form.type.value, nation = form.nation.value;
    if (type) f.review_types = [type];
    if (nation) f.nations = [nation];
    if (form.year_from.value) f.year_from = Number(form.year_from.value);
    if (form.year_to.value) f.year_to = Number(form.year_to.value);
    return f;
  }

  function link(url, text) {
    return url ? el("a", { href: url, target: "_blank", rel: "noopener" }, [text]) : document.createTextNode(text);
  }

  function showNotices(notices) {
    notices.forEach((n) => {
      results.append(el("div", { class: "notice " + n.kind, role: n.kind === "emergency" ? "alert" : null }, [n.text]));
    });
  }

  function showAnswer(data) {
    results.replaceChildren();
    showNotices(data.notices.filter((n) => n.kind === "emergency"));
    results.append(el("h2", {}, [data.answered ? "Answer" : "No clear answer in the documents"]));
    showNotices(data.notices.filter((n) => n.kind === "uncertain"));
    results.append(el("p", { class: "answer" }, [data.answer]));
    if (data.citations.length) {
      results.append(el("h3", {}, ["Sources"]));
      const list = el("ol", { class: "citations" });
      data.citations.forEach((c) => {
        list.append(el("li", { id: "cite-" + c.n }, [link(c.url, where(c)), el("blockquote", {}, [c.quote])]));
      });
      results.append(list);
    } else if (data.nearest.length) {
      results.append(el("h3", {}, ["Nearest documents"]));
      const list = el("ul");
      data.nearest.forEach((s) => list.append(el("li", {}, [link(s.url, s.title)])));
      results.append(list);
    }
    showNotices(data.notices.filter((n) => n.kind !== "emergency" && n.kind !== "uncertain"));
    if (data.feedback_token) showFeedback(data.feedback_token);
  }

  let feedbackWords = null;  // the wording comes from the service (assistant/messages.py)
  async function words() {
    if (!feedbackWords) feedbackWords = await (await fetch("/feedback/options")).json();
    return feedbackWords;
  }

  async function sendFeedback(box, token, rating, reason) {
    const response = await fetch("/feedback", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: token, rating: rating, reason: reason || null }) });
    const data = await response.json();
    box.replaceChildren(el("p", { role: "status" }, [response.ok ? data.message : (data.error || "Something went wrong.")]));
  }

  async function showFeedback(token) {
    let w;
    try { w = await words(); } catch (e) { return; }  // rating is optional: no buttons if it cannot load
    const box = el("div", { class: "feedback", id: "feedback" });
    const yes = el("button", { type: "button", id: "feedback-helpful", class: "secondary" }, [w.helpful]);
    const no = el("button", { type: "button", id: "feedback-not-helpful", class: "secondary" }, [w.not_helpful]);
    yes.addEventListener("click", () => sendFeedback(box, token, "helpful"));
    no.addEventListener("click", () => {
      const select = el("select", { id: "feedback-reason", name: "reason" }, [el("option", { value: "" }, ["—"])]);
      Object.entries(w.reasons).forEach(([code, label]) => select.append(el("option", { value: code }, [label])));
      const send = el("button", { type: "button", id: "feedback-send" }, [w.send]);
      send.addEventListener("click", () => sendFeedback(box, token, "not_helpful", select.value));
      box.replaceChildren(el("label", { for: "feedback-reason" }, [w.reason_prompt]), select,
        el("div", { class: "actions" }, [send]));
      select.focus();
    });
    box.append(el("p", { id: "feedback-question" }, [w.question]),
      el("div", { class: "actions", role: "group", "aria-labelledby": "feedback-question" }, [yes, no]));
    results.append(box);
  }

  // A refusal or failure replaces what was shown before, so an old answer is never read as the new one.
  function showProblem(message) {
    results.replaceChildren(el("p", { class: "problem", role: "alert" }, [message]));
    status.textContent = message;
  }

  function showHits(data) {
    if (!data.hits.length) {
      results.replaceChildren(el("h2", {}, ["No passages found"]),
        el("p", {}, ["No indexed document matched your search. Try other words, or fewer filters."]));
      return;
    }
    results.replaceChildren(el("h2", {}, [data.hits.length + (data.hits.length === 1 ? " passage" : " passages")]));
    data.hits.forEach((h, i) => {
      const url = h.url || "/documents/" + h.document_id + "/file" + (h.page ? "#page=" + h.page : "");
      results.append(el("article", { class: "hit" }, [
        el("h3", {}, [link(url, (i + 1) + ". " + where(h))]),
        h.section ? el("p", { class: "hint" }, [h.section]) : "",
        el("p", {}, [h.text.length > 600 ? h.text.slice(0, 600) + "…" : h.text]),
      ]));
    });
  }

  let conversationId = null;  // follow-ups ("and for adults?") are read with the questions before them

  async function run(action) {
    const question = form.question.value.trim();
    if (!question) { showProblem("Please type a question."); form.question.focus(); return; }
    status.textContent = action === "ask" ? "Finding an answer…" : "Searching…";
    try {
      let response;
      if (action === "ask") {
        response = await fetch("/ask", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ question: question, filters: filters(), conversation_id: conversationId }) });
      } else {
        const params = new URLSearchParams({ q: question, k: "8" });
        const f = filters();
        if (f.review_types) params.append("type", f.review_types[0]);
        if (f.nations) params.append("nation", f.nations[0]);
        if (f.year_from) params.append("year_from", f.year_from);
        if (f.year_to) params.append("year_to", f.year_to);
        response = await fetch("/search?" + params.toString());
      }
      const data = await response.json();
      if (!response.ok) { showProblem(data.error || "Something went wrong."); return; }
      if (action === "ask") conversationId = data.conversation_id || conversationId;
      action === "ask" ? showAnswer(data) : showHits(data);
      if (action === "ask") status.textContent = data.answered ? "The answer is ready." : "No clear answer in the documents.";
      else status.textContent = data.hits.length ? "Results are ready." : "No passages found.";
      results.focus();
    } catch (e) {
      showProblem("The service could not be reached. Please try again.");
    }
  }

  const themeForm = document.getElementById("theme-form");
  const themeSelect = document.getElementById("theme");
  const KIND_TITLES = { why: "Why the reviews were commissioned", risk: "Key risk factors",
    learning: "Learning for practice", recommendation: "Recommendations", question: "Reflective questions" };

  async function loadThemes() {
    try {
      const themes = await (await fetch("/themes")).json();
      themeSelect.replaceChildren(...themes.map((t) =>
        el("option", { value: t.id }, [t.label + " (" + t.documents + (t.documents === 1 ? " document)" : " documents)")])));
    } catch (e) { themeSelect.replaceChildren(el("option", { value: "" }, ["Themes could not be loaded"])); }
  }

  function showDigest(d) {
    results.replaceChildren(el("h2", {}, ["Learning: " + d.label]), el("p", { class: "hint" }, [d.notice]));
    if (!d.reviews.length) results.append(el("p", {}, ["No indexed document carries learning on this theme yet."]));
    Object.keys(KIND_TITLES).forEach((kind) => {
      const reviews = d.reviews.filter((r) => r.points[kind].length);
      if (!reviews.length) return;
      results.append(el("h3", {}, [KIND_TITLES[kind]]));
      reviews.forEach((r) => {
        const list = el("ul");
        r.points[kind].forEach((p) => list.append(el("li", {}, [
          el("blockquote", {}, [p.quote]), link(p.url, p.title + (p.page ? ", p. " + p.page : ""))])));
        results.append(el("h4", {}, [r.title]), list);
      });
    });
    if (d.prompts.length) {
      results.append(el("h3", {}, ["Prompts for supervision (caselearn's own)"]));
      const list = el("ul");
      d.prompts.forEach((q) => list.append(el("li", {}, [q])));
      results.append(list);
    }
  }

  themeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = themeSelect.value;
    if (!id) return;
    status.textContent = "Gathering the learning…";
    const response = await fetch("/themes/" + encodeURIComponent(id) + "/learning");
    const data = await response.json();
    if (!response.ok) { status.textContent = data.error || "Something went wrong."; return; }
    showDigest(data);
    ["docx", "md"].forEach((fmt) => {
      const a = document.getElementById("download-" + fmt);
      a.href = "/themes/" + encodeURIComponent(id) + "/learning?format=" + fmt;
      a.hidden = false;
    });
    status.textContent = "Results are ready.";
    results.focus();
  });
  loadThemes();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(event.submitter && event.submitter.value === "search" ? "search" : "ask");
  });

  // -- referral check: the verdicts person by person, and the facts read, ready to be corrected --------------
  const referralForm = document.getElementById("referral-form");
  const situation = document.getElementById("situation");
  const W = JSON.parse(document.getElementById("referral-words").textContent);

  function shown(value) {  // a fact's value as the fields show and send it: true -> "true", null -> ""
    if (value === null || value === undefined) return "";
    return String(value);
  }

  function capital(text) { return text ? text.charAt(0).toUpperCase() + text.slice(1) : text; }

  function factField(f, given, question) {
    const id = "rf-" + f.key.replace(/[^A-Za-z0-9_-]/g, "-");
    const hintId = id + "-hint";
    const value = shown(f.value);
    const attrs = { id: id, name: f.key, "data-key": f.key, "data-initial": value, "data-given": given ? "1" : "0",
      "aria-describedby": hintId };
    let control;
    if (!f.choices.length) {
      control = el("input", Object.assign(attrs, { type: "number", min: "0", max: "120", inputmode: "numeric" }));
      control.value = value;
    } else {
      control = el("select", attrs, f.choices.map((c) => el("option", { value: c.value }, [c.text])));
      control.value = f.choices.some((c) => c.value === value) ? value : "";
    }
    let hint = "";
    if (given) hint = W.said_so;
    else if (f.words) hint = W.read_from.replace("{words}", f.words);
    else if (question) hint = question;
    return el("div", { class: "fact" }, [el("label", { for: id }, [f.label]), control,
      el("p", { id: hintId, class: "hint small" }, [hint])]);
  }

  function routeDetails(r) {
    const rows = [];
    function row(label, value) { if (value) rows.push(el("dt", {}, [label]), el("dd", {}, [value])); }
    if (r.form) {
      row(W.form, r.form.url ? link(r.form.url, r.form.name) : r.form.name);
      row(W.contact, r.form.contact);
    }
    row(W.timescale, r.timescale ? r.timescale + (r.timescale_unverified ? " (" + W.unverified + ")" : "") : "");
    row(W.who_decides, r.who_decides);
    const body = [el("p", {}, [r.reason])];
    if (rows.length) body.push(el("dl", {}, rows));
    if (r.form && r.form.note) body.push(el("p", { class: "hint" }, [r.form.note]));
    if (r.next_steps.length) {
      body.push(el("h5", {}, [W.next_steps]), el("ul", {}, r.next_steps.map((s) => el("li", {}, [s]))));
    }
    if (r.criteria.length) {
      body.push(el("h5", {}, [W.what_it_needs]), el("ul", { class: "criteria" }, r.criteria.map((c) => el("li", {}, [
        el("strong", {}, [(W.status[c.status] || "") + ": "]), c.text + " ",
        c.source ? el("span", { class: "hint" }, ["(", link(c.source_url, c.source), ")"]) : ""]))));
    }
    return el("details", { class: "route " + r.verdict }, [
      el("summary", {}, [el("strong", {}, [r.name]), ": " + (W.verdicts[r.verdict] || "")]),
      el("div", {}, body)]);
  }

  function showReferral(data) {
    results.replaceChildren();
    showNotices(data.notices.filter((n) => n.kind === "emergency"));
    const summary = data.summary;
    results.append(el("h2", { id: "referral-headline", class: "headline" }, [summary.headline]));
    results.append(el("ul", { class: "people" }, summary.people.map((p) => el("li", {}, [p.text]))));
    const origins = {};
    data.people.forEach((p) => { origins[p.key] = p.facts; });
    const questions = {};
    data.follow_up_questions.forEach((q) => { questions[q.key] = q.question; });
    const facts = el("form", { id: "referral-facts", "aria-labelledby": "referral-facts-heading" });
    facts.append(el("h3", { id: "referral-facts-heading" }, [W.facts_read]), el("p", { class: "hint" }, [W.facts_hint]));
    const placed = new Set();
    summary.people.forEach((p) => {
      const mine = data.routes.filter((r) => r.person_key === p.key);
      if (!p.facts.length && !mine.length) return;
      const part = el("section", { class: "person" });
      if (p.facts.length) {
        const fieldset = el("fieldset", {}, [el("legend", {}, [capital(p.label)])]);
        p.facts.forEach((f) => {
          const origin = (origins[p.key] || {})[f.fact];
          fieldset.append(factField(f, !!origin && origin.origin === "given", questions[f.key]));
        });
        part.append(fieldset);
      } else {
        part.append(el("h4", {}, [capital(p.label)]));
      }
      if (mine.length) {
        part.append(el("h4", {}, [W.details]));
        mine.forEach((r) => { part.append(routeDetails(r)); placed.add(r.route); });
      }
      facts.append(part);
    });
    const rest = data.routes.filter((r) => !placed.has(r.route));
    if (rest.length) {
      facts.append(el("h4", {}, [W.details]));
      rest.forEach((r) => facts.append(routeDetails(r)));
    }
    if (!data.routes.length) facts.append(el("p", {}, [W.no_route]));
    facts.append(el("div", { class: "actions" }, [el("button", { type: "submit", id: "referral-check-again" },
      [W.check_again])]));
    facts.addEventListener("submit", (event) => { event.preventDefault(); checkReferral(edited(facts)); });
    results.append(facts);
    showNotices(data.notices.filter((n) => n.kind !== "emergency"));
  }

  function edited(facts) {
    // Only the facts set: those answered or changed, and those given before. A fact left as it was read
    // is not sent, so it is read again from the (perhaps corrected) description.
    const out = {};
    facts.querySelectorAll("[data-key]").forEach((field) => {
      const value = field.value.trim();
      if (value === "") return;
      if (field.dataset.given !== "1" && value === field.dataset.initial) return;
      if (field.type === "number") out[field.dataset.key] = Number(value);
      else if (value === "true" || value === "false") out[field.dataset.key] = value === "true";
      else out[field.dataset.key] = value;
    });
    return out;
  }

  async function checkReferral(facts) {
    const text = situation.value.trim();
    if (!text) { status.textContent = W.empty; situation.focus(); return; }
    status.textContent = W.working;
    try {
      const response = await fetch("/referral-check", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ situation: text, facts: facts && Object.keys(facts).length ? facts : null }) });
      const data = await response.json();
      if (!response.ok) { status.textContent = data.error || W.unreachable; return; }
      showReferral(data);
      status.textContent = W.ready;
      results.focus();
    } catch (e) {
      status.textContent = W.unreachable;
    }
  }

  referralForm.addEventListener("submit", (event) => { event.preventDefault(); checkReferral(null); });
})();
