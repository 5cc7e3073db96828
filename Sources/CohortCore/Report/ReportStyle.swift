/// The report's inline style sheet and its one script (sorting tables by a click on a heading).
enum ReportStyle {
    static let css = """
        :root{--ink:\(Palette.ink);--muted:\(Palette.muted);--faint:\(Palette.faint);--primary:\(Palette.primary);\
        --up:\(Palette.entered);--down:\(Palette.exited);--paper:#ffffff;--wash:#f6f8fa}
        *{box-sizing:border-box}
        body{margin:0;background:var(--wash);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        header,main,footer{max-width:1160px;margin:0 auto;padding:0 24px}
        header{padding-top:28px}
        h1{font-size:26px;margin:0 0 2px}
        h2{font-size:20px;margin:0 0 4px}
        h3{font-size:15px;margin:18px 0 6px}
        .subtitle,.lead,.id,.mode,.uses,.tile-note,footer,caption{color:var(--muted)}
        nav{display:flex;gap:16px;flex-wrap:wrap;margin:10px 0 4px}
        nav a{color:var(--primary);text-decoration:none;font-weight:600}
        section{background:var(--paper);border:1px solid var(--faint);border-radius:8px;padding:18px 20px;margin:18px 0}
        section.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;background:none;border:0;padding:0}
        .tile{background:var(--paper);border:1px solid var(--faint);border-radius:8px;padding:12px 14px}
        .tile-title{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        .tile-value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
        .card,.destination{border:1px solid var(--faint);border-radius:8px;padding:12px 14px;break-inside:avoid}
        .destination{margin:12px 0}
        .card h3,.destination h3{margin:0}
        .card p{margin:2px 0}
        .description{font-size:13px}
        .big{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
        .up{color:var(--up);font-weight:600}
        .down{color:var(--down);font-weight:600}
        .badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
        .badge.streaming{background:var(--up)}
        .badge.batch{background:var(--muted)}
        .kind{font-size:12px;font-weight:400;color:var(--muted);border:1px solid var(--faint);border-radius:10px;padding:0 8px}
        .blocked{border-left:4px solid var(--down);background:#ffebe9;padding:6px 10px;margin:8px 0}
        .warning{color:var(--down)}
        .legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:var(--muted)}
        .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
        .facts{display:flex;gap:22px;flex-wrap:wrap;list-style:none;padding:0}
        .scroll{overflow-x:auto}
        svg{display:block;max-width:100%;height:auto}
        table{border-collapse:collapse;margin:6px 0;font-variant-numeric:tabular-nums}
        caption{text-align:left;font-size:12px;caption-side:bottom;padding-top:4px}
        th,td{padding:4px 10px;border-bottom:1px solid var(--faint);text-align:left;vertical-align:middle}
        th{font-size:12px;color:var(--muted);font-weight:600;cursor:pointer;white-space:nowrap}
        th[aria-sort=ascending]::after{content:" ▲"}
        th[aria-sort=descending]::after{content:" ▼"}
        .num{text-align:right}
        table.matrix th,table.matrix td{border:1px solid var(--paper);text-align:center;cursor:default}
        table.matrix th{text-align:right}
        table.matrix th.col{height:130px;vertical-align:bottom;text-align:left}
        table.matrix th.col span{writing-mode:vertical-rl;transform:rotate(180deg)}
        table.matrix td{min-width:58px;font-weight:600}
        table.matrix small{display:block;font-weight:400;font-size:11px;opacity:.85}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        details{margin-top:8px}
        summary{cursor:pointer;color:var(--primary)}
        footer{font-size:12px;padding-bottom:28px}
        @media print{body{background:#fff;font-size:11px}nav,summary{display:none}details>*{display:block}
        section{border:0;padding:0;break-inside:avoid-page}.card,.destination{break-inside:avoid}
        table.matrix td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(function (heading) {
          heading.addEventListener("click", function () {
            var table = heading.closest("table"), body = table.tBodies[0], column = heading.cellIndex;
            var descending = heading.getAttribute("aria-sort") === "ascending";
            table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
            heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
            function key(row) {
              var text = row.cells[column].textContent.trim().replace(/[,+]/g, "").replace("\\u2212", "-");
              return /^-?\\d+(\\.\\d+)?$/.test(text) ? parseFloat(text) : text;
            }
            Array.from(body.rows).sort(function (a, b) {
              var x = key(a), y = key(b);
              var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
              return descending ? -order : order;
            }).forEach(function (row) { body.appendChild(row); });
          });
        });
        """
}
