// The Files page: streams the chosen file to POST /api/files (the raw bytes as the body,
// so a large ZIP is never held in memory on either side) with an upload progress bar,
// then lists the LEA's uploads and polls their status until every one is settled.
"use strict";

const STATUS_TEXT = {
  received: "Received", validating: "Checking", loading: "Loading",
  ready: "Ready", rejected: "Rejected",
};
let pollTimer = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function yearLabel(y) { return y ? `${y - 1}–${String(y % 100).padStart(2, "0")}` : "–"; }

function pct(done, total) { return total > 0 ? Math.floor((done * 100) / total) : 0; }

function row(u) {
  const status = el("span", { class: `status status-${u.status}` }, STATUS_TEXT[u.status] || u.status);
  if (u.progress && (u.status === "validating" || u.status === "loading")) {
    status.append(` ${pct(u.progress.done, u.progress.total)}%`);
  }
  const statusCell = el("td", {}, status);
  if (u.message) statusCell.append(el("span", { class: "message" }, u.message));
  const problems = el("td", { class: "num" });
  if (u.errors + u.warnings > 0) {
    problems.append(el("a", { href: `/api/files/${u.id}/errors.csv`, download: `upload-${u.id}-problems.csv` },
      `${u.errors} errors, ${u.warnings} warnings`));
  } else {
    problems.append("none");
  }
  return el("tr", { "data-id": u.id },
    el("td", { class: "num" }, u.id),
    el("td", { class: "file-name" }, u.file),
    el("td", {}, u.family || "–"),
    el("td", {}, u.basis || "–"),
    el("td", {}, yearLabel(u.year), u.archived ? el("span", { class: "message" }, "archived") : ""),
    statusCell,
    el("td", { class: "num" }, (u.loaded || u.rows || 0).toLocaleString()),
    problems,
    el("td", {}, new Date(u.created_at).toLocaleString()));
}

let latest = 0; // answers can arrive out of order: only the newest request's is shown

async function refresh() {
  const mine = ++latest;
  const r = await fetch("/api/files", { credentials: "same-origin" });
  if (mine !== latest) return;
  if (r.status === 401) { window.location.assign("/login"); return; }
  const body = document.getElementById("uploads");
  if (!r.ok) { body.replaceChildren(el("tr", {}, el("td", { colspan: 9 }, `Cannot list uploads (HTTP ${r.status}).`))); return; }
  const data = await r.json();
  if (mine !== latest) return;
  if (data.uploads.length === 0) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 9 }, "No uploads yet.")));
  } else {
    body.replaceChildren(...data.uploads.map(row));
  }
  const busy = data.uploads.some((u) => ["received", "validating", "loading"].includes(u.status));
  clearTimeout(pollTimer);
  if (busy) pollTimer = setTimeout(refresh, 1000);
}

function upload(file) {
  const status = document.getElementById("upload-status");
  const bar = document.getElementById("bar");
  const send = document.getElementById("send");
  const q = new URLSearchParams({ name: file.name });
  const basis = document.getElementById("basis").value;
  const year = document.getElementById("year").value;
  if (basis) q.set("basis", basis);
  if (year) q.set("year", year);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", `/api/files?${q}`);
  xhr.setRequestHeader("X-CSRF-Token", sb.session ? sb.session.csrf : "");
  xhr.setRequestHeader("Content-Type", "application/octet-stream");
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) bar.value = pct(e.loaded, e.total);
    status.textContent = `Uploading ${file.name}: ${bar.value}%`;
  };
  xhr.onload = () => {
    send.disabled = false;
    bar.hidden = true;
    let msg = `HTTP ${xhr.status}`;
    try { const j = JSON.parse(xhr.responseText); msg = j.error || j.message || msg; } catch (_) { /* keep */ }
    status.textContent = xhr.status === 202 ? `Uploaded ${file.name}: checking it now.` : `Upload refused: ${msg}`;
    refresh();
  };
  xhr.onerror = () => {
    send.disabled = false;
    bar.hidden = true;
    status.textContent = "The upload was interrupted; try again.";
  };
  send.disabled = true;
  bar.value = 0;
  bar.hidden = false;
  xhr.send(file);
}

document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("file");
  const drop = document.getElementById("drop");
  const send = document.getElementById("send");
  const chosen = document.getElementById("chosen");
  let file = null;
  const choose = (f) => { file = f; chosen.textContent = f ? `${f.name} (${(f.size / 1048576).toFixed(1)} MB)` : ""; send.disabled = !f; };
  input.addEventListener("change", () => choose(input.files[0] || null));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
  });
  document.getElementById("upload-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (file) upload(file);
  });
  const years = document.getElementById("year");
  const now = new Date();
  const current = now.getMonth() >= 6 ? now.getFullYear() + 1 : now.getFullYear();
  for (let y = current; y >= current - 5; y--) years.append(el("option", { value: y }, yearLabel(y)));
  refresh();
});
