/// The console's stylesheet and script, compiled into the binary: no CDN, no Node toolchain,
/// nothing fetched from the network. The pages use no inline script or style, so the
/// Content-Security-Policy can forbid both.
enum ConsoleAssets {
    static let script = #"""
    "use strict";
    // A live region re-reads its HTML fragment whenever its event stream says "changed";
    // the fragment is rendered (and escaped) by the server.
    for (const region of document.querySelectorAll("[data-live-events]")) {
      const status = document.getElementById("live-status");
      const source = new EventSource(region.dataset.liveEvents);
      let busy = false, again = false;
      const refresh = async () => {
        if (busy) { again = true; return; }
        busy = true;
        try {
          const open = [...region.querySelectorAll("details[open][id]")].map(d => d.id);
          const response = await fetch(region.dataset.liveFragment, {credentials: "same-origin"});
          if (response.ok) {
            region.innerHTML = await response.text();
            for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
          }
        } finally {
          busy = false;
          if (again) { again = false; refresh(); }
        }
      };
      source.addEventListener("changed", refresh);
      source.addEventListener("open", () => { if (status) status.textContent = "live"; });
      source.addEventListener("error", () => { if (status) status.textContent = "reconnecting…"; });
    }
    for (const form of document.querySelectorAll("form[data-confirm]")) {
      form.addEventListener("submit", event => { if (!window.confirm(form.dataset.confirm)) event.preventDefault(); });
    }
    for (const select of document.querySelectorAll("select[data-autosubmit]")) {
      select.addEventListener("change", () => select.form.submit());
    }
    """#

    static let stylesheet = #"""
    :root { --fg: #1d2329; --muted: #5c6670; --line: #d8dee4; --bg: #f6f8fa; --accent: #0b5cad;
            --ok: #1a7f37; --bad: #c62828; --warn: #9a6700; --run: #0b5cad; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
    header { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: center; padding: .6rem 1rem;
             border-bottom: 1px solid var(--line); background: var(--bg); }
    header .brand { font-weight: 700; }
    header nav a { margin-right: 1rem; }
    #live-status { margin-left: auto; color: var(--muted); font-size: .85rem; }
    main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
    a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
    h1 { font-size: 1.35rem; margin: .2rem 0 1rem; word-break: break-all; }
    h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-size: .8rem; text-transform: uppercase; color: var(--muted); }
    td.id { word-break: break-all; }
    .table-wrap { overflow-x: auto; }
    pre { background: var(--bg); border: 1px solid var(--line); padding: .5rem; overflow-x: auto; white-space: pre-wrap;
          word-break: break-word; font-size: .85rem; margin: .3rem 0; }
    form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .8rem; }
    label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); gap: .15rem; }
    input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
    textarea { width: 100%; min-height: 4rem; }
    button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
    button.danger { background: var(--bad); border-color: var(--bad); }
    button.secondary { background: #fff; color: var(--fg); }
    .counts { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: .8rem; }
    .count { border: 1px solid var(--line); border-radius: 4px; padding: .2rem .6rem; }
    .status { font-weight: 600; font-size: .85rem; }
    .status-RUNNING { color: var(--run); } .status-COMPLETED { color: var(--ok); }
    .status-FAILED, .status-TERMINATED { color: var(--bad); } .status-CANCELED, .status-CONTINUED_AS_NEW { color: var(--warn); }
    .notice { border-left: 4px solid var(--warn); background: #fff8e6; padding: .6rem .8rem; margin: .8rem 0; }
    .error { border-left: 4px solid var(--bad); background: #fdecea; padding: .6rem .8rem; margin: .8rem 0; }
    .answer { border-left: 4px solid var(--ok); background: #eef8f0; padding: .6rem .8rem; margin: .8rem 0; white-space: pre-wrap; }
    dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
    dl.summary dt { color: var(--muted); } dl.summary dd { margin: 0; word-break: break-word; }
    .actions { display: flex; flex-wrap: wrap; gap: 1rem; }
    .actions form { border: 1px solid var(--line); border-radius: 4px; padding: .6rem; flex: 1 1 16rem; }
    ol.steps { padding-left: 1.2rem; } ol.steps li { margin: .15rem 0; }
    .agent { border: 1px solid var(--line); border-radius: 4px; padding: .6rem .8rem; margin-bottom: 1rem; }
    .up { color: var(--ok); font-weight: 600; } .down { color: var(--bad); font-weight: 600; }
    svg.timeline { width: 100%; height: auto; font: 12px system-ui, sans-serif; border: 1px solid var(--line); background: #fff; }
    svg.timeline .axis { stroke: var(--line); } svg.timeline .tick { fill: var(--muted); }
    svg.timeline .label { fill: var(--fg); }
    svg.timeline .wait { fill: #c9d3dd; } svg.timeline .run { fill: #4a90d9; } svg.timeline .ok { fill: #3fa35b; }
    svg.timeline .failed { fill: #d9534f; } svg.timeline .retry { fill: #f0ad4e; } svg.timeline .timer { fill: #9aa7b4; }
    svg.timeline .marker { stroke: #8250df; stroke-width: 2; } svg.timeline .signal { fill: #8250df; }
    svg.timeline .note { fill: var(--muted); font-size: 11px; }
    .legend span { margin-right: 1rem; font-size: .85rem; color: var(--muted); }
    @media (max-width: 640px) { th.optional, td.optional { display: none; } main { padding: .6rem; } }
    """#
}
