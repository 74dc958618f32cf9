namespace KpiEngine.Reporting;

/// <summary>
/// The HTML report's stylesheet, inline so the file opens offline: system fonts only (no font is
/// fetched), a screen layout, and a print layout for A4 where a KPI block, a tile, a goal or a
/// breakdown is never split across pages.
/// </summary>
internal static class ReportStyles
{
    public const string Css = """
:root { --ink: #111827; --muted: #4b5563; --line: #d9dde3; --panel: #f8fafc; --accent: #1f4e79;
  --good: #1a7f37; --warning: #b26a00; --poor: #c62828; --none: #6b7280; --goal: #6b3fa0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 26px; margin: 0 0 2px; }
h2 { font-size: 19px; margin: 34px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 0 0 2px; }
p { margin: 4px 0; }
.sub, .muted { color: var(--muted); }
small, .small { font-size: 12px; }
code { font: 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
header.report { border-bottom: 1px solid var(--line); padding-bottom: 14px; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px 28px; margin-top: 12px; }
.facts h4 { margin: 0 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.compact th, table.compact td { padding: 2px 6px; font-size: 12px; }
table.heatmap { width: auto; }
table.heatmap td.num { min-width: 3.2em; border: 1px solid #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.heatmap td.future { background: transparent; }
.hash { color: var(--muted); word-break: break-all; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
.problems { margin-top: 10px; padding: 8px 12px; border-left: 4px solid var(--warning); background: #fff8eb; }
.scorecard { display: grid; grid-template-columns: minmax(220px, 300px) 1fr; gap: 12px 28px; align-items: center; margin-bottom: 10px; }
.score { font-size: 40px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.score small { font-size: 15px; font-weight: 400; color: var(--muted); }
.score-main .when { font-size: 12px; color: var(--muted); }
svg.score-trend { display: block; width: 100%; height: auto; margin-top: 6px; }
.score-categories .bar-row { grid-template-columns: 160px 1fr 56px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.tile { border: 1px solid var(--line); border-top: 5px solid var(--none); border-radius: 8px; padding: 10px 12px 8px; background: #fff; }
.tile.good { border-top-color: var(--good); } .tile.warning { border-top-color: var(--warning); } .tile.poor { border-top-color: var(--poor); }
.tile .name { font-weight: 600; min-height: 2.9em; }
.tile .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
.tile .when { font-size: 12px; color: var(--muted); }
.tile .changes { font-size: 12px; margin-top: 4px; display: grid; grid-template-columns: auto 1fr; gap: 0 8px; }
.tile .spark { display: block; width: 100%; height: auto; margin-top: 6px; }
.status { display: inline-flex; align-items: center; gap: 5px; font-size: 12px; font-weight: 600; padding: 1px 8px 1px 3px; border-radius: 10px; background: #eef0f3; color: var(--none); }
.status.insufficient { background: #eef2f7; color: #475569; }
.status.good { background: #e6f4ea; color: var(--good); } .status.warning { background: #fff3dc; color: var(--warning); } .status.poor { background: #fde8e8; color: var(--poor); }
.icon { flex: none; }
.better { color: var(--good); } .worse { color: var(--poor); }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; break-inside: avoid; page-break-inside: avoid; }
.kpi .head { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.kpi .meta { font-size: 12px; color: var(--muted); margin-bottom: 6px; }
svg.chart, svg.bars { display: block; width: 100%; max-width: 560px; height: auto; margin: 4px auto 0; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, "Liberation Sans", sans-serif; fill: #374151; }
svg text.na { fill: #6b7280; font-style: italic; }
svg text.goal-label { fill: var(--goal); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); margin-top: 4px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
.legend .l-good { background: rgba(26,127,55,.25); } .legend .l-warning { background: rgba(178,106,0,.25); } .legend .l-poor { background: rgba(198,40,40,.25); }
.legend .l-gap { background: repeating-linear-gradient(45deg, #f3f4f6 0 3px, #c7cbd1 3px 5px); }
.legend .l-target { height: 0; border-top: 2px dashed var(--goal); border-radius: 0; }
.legend .l-partial { width: 10px; height: 10px; border-radius: 50%; border: 2px dashed var(--accent); }
.scroll { overflow-x: auto; }
table.values { margin-top: 8px; }
table.values td.num, table.values th.num { white-space: normal; }
.goal table.compact { width: auto; min-width: 50%; }
.goals { display: grid; gap: 12px; }
.goal { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; break-inside: avoid; page-break-inside: avoid; }
.goal .head { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.bar-row { display: grid; grid-template-columns: 120px 1fr 56px; gap: 8px; align-items: center; font-size: 12px; margin-top: 6px; }
.track { height: 12px; background: #eef0f3; border-radius: 6px; overflow: hidden; }
.track span { display: block; height: 100%; border-radius: 6px; }
.track .done { background: var(--accent); } .track .time { background: #9ca3af; }
.goal dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; font-size: 13px; }
.goal dt { color: var(--muted); } .goal dd { margin: 0; }
.cascade-head { margin: 10px 0 2px; font-size: 12px; color: var(--muted); }
ul.cascade { list-style: none; margin: 0; padding: 0 0 0 4px; }
ul.cascade ul.cascade { padding-left: 22px; }
ul.cascade li.node { position: relative; padding: 5px 0 3px 20px; }
ul.cascade li.node::before { content: ""; position: absolute; left: 0; top: 0; bottom: 0; border-left: 2px solid #9ca3af; }
ul.cascade li.node:last-child::before { bottom: auto; height: 15px; }
ul.cascade li.node::after { content: ""; position: absolute; left: 0; top: 15px; width: 14px; border-top: 2px solid #9ca3af; }
.node-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; }
.node-name { font-weight: 600; }
.derivation { font-size: 11px; padding: 0 6px; border: 1px solid var(--line); border-radius: 8px; color: var(--muted); }
.node-values { font-size: 12px; font-variant-numeric: tabular-nums; }
.node-bar { display: grid; grid-template-columns: minmax(120px, 220px) 1fr; gap: 8px; align-items: center; margin-top: 2px; }
.node-bar .track { position: relative; height: 8px; }
.node-bar .elapsed { position: absolute; top: -2px; bottom: -2px; width: 2px; margin-left: -1px; background: var(--ink); }
.breakdown { margin-bottom: 18px; break-inside: avoid; page-break-inside: avoid; }
tr.total td { font-weight: 600; background: var(--panel); }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media (max-width: 640px) { main { padding: 14px; } .kpis { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 20px; }
  .tiles { grid-template-columns: repeat(3, 1fr); gap: 8px; }
  .kpis { grid-template-columns: 1fr; gap: 10px; }
  .tile, .kpi, .goal, .breakdown, .scorecard, tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""";
}
