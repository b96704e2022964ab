"use strict";
// placeholder until the page lands: runs a search and lists titles
document.getElementById("search-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const q = document.getElementById("q").value;
  const r = await fetch("/api/search?q=" + encodeURIComponent(q));
  const j = await r.json();
  const main = document.getElementById("results");
  main.textContent = "";
  for (const h of j.hits || []) {
    const p = document.createElement("p");
    p.textContent = h.title;
    main.appendChild(p);
  }
});
