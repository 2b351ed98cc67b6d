/**
 * The report's one stylesheet (inline: the CSP allows styles, nothing else). Long values wrap
 * anywhere so no evidence pushes the page wider than the window; print gives A4 pages with the
 * disclosures open and no block cut across a page.
 */
export const STYLE = `
:root{color-scheme:light;--fail:#b42318;--error:#6e40c9;--warn:#8a5a00;--info:#0969da;--pass:#1a7f37;--skipped:#57606a;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff;margin:0 auto;max-width:64rem;padding:.8rem 1.1rem 3rem;overflow-wrap:anywhere}
h1{font-size:1.45rem;line-height:1.25;margin:.1rem 0 .3rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;line-height:1.3;margin:0 0 .25rem}
h4{font-size:.9rem;margin:.7rem 0 .2rem;color:#32383f}
p{margin:.3rem 0}
a{color:#0550ae}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:.45rem .65rem;margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere;user-select:all}
details{margin:.25rem 0}
summary{cursor:pointer}
ul{margin:.2rem 0;padding-left:1.2rem}
.kicker{margin:0;color:var(--muted);font-size:.8rem;letter-spacing:.04em;text-transform:uppercase}
.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.05rem .8rem;margin:.3rem 0 0;font-size:.88rem}
.meta dt{color:var(--muted)}
.meta dd{margin:0;min-width:0}
.meta ul{list-style:none;padding:0;margin:0}
.banner{margin:.7rem 0 .4rem;padding:.7rem 1rem;border-radius:8px;color:#fff}
.banner h2{margin:0;padding:0;border:0;font-size:1.3rem;line-height:1.3}
.banner p{margin:.2rem 0 0}
.v-not-ready{background:var(--fail)}.v-incomplete{background:var(--error)}.v-ready-with-warnings{background:var(--warn)}.v-ready{background:var(--pass)}
.b{display:inline-block;padding:0 .4em;border-radius:4px;color:#fff;font-size:.75rem;font-weight:600;line-height:1.5;vertical-align:.1em;white-space:nowrap}
.b.fail,.b.not-ready{background:var(--fail)}.b.error,.b.incomplete{background:var(--error)}.b.warn,.b.ready-with-warnings{background:var(--warn)}.b.info{background:var(--info)}.b.pass,.b.ready{background:var(--pass)}.b.skipped{background:var(--skipped)}
.b.since-new{background:#fff;color:var(--fail);border:1px solid var(--fail)}.b.since-changed{background:#fff;color:var(--warn);border:1px solid var(--warn)}.b.since-fixed{background:#fff;color:var(--pass);border:1px solid var(--pass)}
.issue{margin:.6rem 0;padding:.6rem .85rem;border:1px solid var(--line);border-left:6px solid var(--c,var(--line));border-radius:6px}
.issue.fail{--c:var(--fail)}.issue.error{--c:var(--error)}.issue.warn{--c:var(--warn)}
.id{color:var(--muted);font-size:.8rem}
.why{color:#32383f}
.targets>li{margin:.25rem 0}
.more{color:var(--muted);font-style:italic}
.ev{display:grid;grid-template-columns:fit-content(14rem) minmax(0,1fr);gap:.05rem .8rem;margin:.25rem 0;font-size:.86rem}
.ev dt{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;padding-top:.1rem}
.ev dd{margin:0;min-width:0}
.ev .ev{margin:0}
.evl{margin:0;padding-left:1rem}
.nil{color:var(--muted);font-style:italic}
.raw>summary,.passing>summary,.check>summary,.finding>summary{color:#32383f;font-size:.88rem}
.fix{margin-top:.4rem}
.portal{font-weight:600}
.areas{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .5rem;font-size:.88rem}
.area{margin:.9rem 0;padding:.5rem .85rem;border:1px solid var(--line);border-radius:6px}
.area>h3{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .5rem}
.counts{color:var(--muted);font-size:.85rem}
.checks{list-style:none;padding:0;margin:.3rem 0}
.checks>li{margin:.2rem 0}
.check>div,.finding>div{padding:.1rem 0 .3rem 1rem}
.warning{color:var(--warn)}
.cause{margin:0}.cause>summary{cursor:pointer}.cause p{margin:.1rem 0 .2rem}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
@media (max-width:40rem){
body{padding:.6rem .75rem 2rem;font-size:14px}
h1{font-size:1.25rem}
.banner h2{font-size:1.15rem}
.meta{font-size:.82rem;gap:.1rem .6rem}
.ev{grid-template-columns:minmax(0,1fr)}.ev dd{margin:0 0 .2rem .6rem}
}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;font-size:10pt}
.banner,.b,.issue{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.issue,.area>h3,.checks>li,.ev,pre,.targets>li,.meta{break-inside:avoid}
h2,h3,h4{break-after:avoid}
a{color:inherit}
.docs a::after{content:" <" attr(href) ">"}
}
@media print{details::details-content{content-visibility:visible;display:block}}
`;
