// The chat panel's styles, adopted into the shadow root beside the launcher's. px units only, and
// every box sized here: the page's CSS reaches nothing inside. Full screen on phones.
export const chatCss = `
.panel{position:absolute;right:0;bottom:72px;width:370px;height:min(620px,calc(100vh - 110px));box-sizing:border-box;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.22);overflow:hidden}
.chat{display:flex;flex-direction:column;width:100%;height:100%}
*{box-sizing:border-box}
header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:14px 16px;background:var(--tandem-color);color:var(--tandem-on-color)}
header>div{flex:1}
h2{margin:0;font-size:16px;font-weight:600;line-height:1.3}
.status{margin:2px 0 0;font-size:12px}
button{font:inherit;cursor:pointer}
.close{display:flex;align-items:center;justify-content:center;width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:inherit}
.close:hover{background:rgba(255,255,255,.18)}
.close svg,.send svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
:focus-visible{outline:2px solid #1f2328;outline-offset:2px}
header :focus-visible{outline-color:#fff}
.banner{margin:0;padding:8px 16px;background:#fff4d6;color:#5c4400;font-size:13px}
.messages{flex:1;padding:16px 12px 8px;overflow-y:auto;background:#f7f8fa}
.messages ol{margin:0;padding:0;list-style:none}
.row{display:flex;gap:8px;margin-top:2px}
.row.first{margin-top:12px}
.mine{justify-content:flex-end}
.avatar{flex:none;width:28px;height:28px;border-radius:50%;background:#d8dee8;color:#1f2328;font-size:11px;font-weight:600;line-height:28px;text-align:center}
.avatar:empty{background:transparent}
.avatar.ai{background:#e6e0ff;color:#3b2b8f}
.stack{display:flex;flex-direction:column;max-width:78%}
.mine .stack{align-items:flex-end}
.meta{margin:0 4px 3px;font-size:12px;color:#57606a}
.name{font-weight:600;color:#1f2328}
.bubble{padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #e3e6ea;overflow-wrap:anywhere;white-space:normal}
.mine .bubble{background:var(--tandem-color);border-color:transparent;color:var(--tandem-on-color)}
.mine .bubble a{color:inherit}
.bubble p{margin:0;white-space:pre-wrap}
.bubble p+p,.bubble ul,.bubble ol,.bubble pre{margin:6px 0 0}
.bubble ul,.bubble ol{padding-left:20px}
.bubble code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:rgba(0,0,0,.06);padding:1px 4px;border-radius:4px}
.bubble pre{padding:8px;background:#f1f3f5;border-radius:8px;overflow-x:auto}
.bubble pre code{background:none;padding:0}
.bubble a{color:#0b57d0}
.caret{display:inline-block;width:7px;height:14px;margin-left:2px;background:currentColor;vertical-align:-2px;animation:blink 1s steps(2) infinite}
@keyframes blink{50%{opacity:0}}
.interrupted{font-size:12px;color:#8a5800}
.sources{margin-top:6px;padding-top:6px;border-top:1px solid #e3e6ea;font-size:12px}
.sources-label{color:#57606a}
.sources ul{margin:2px 0 0;padding-left:16px}
.tick{margin:3px 4px 0;font-size:11px;color:#57606a}
.failed{color:#b42318}
.link{border:0;background:none;padding:0;color:#0b57d0;text-decoration:underline}
.system{margin:12px 0 4px;text-align:center;font-size:12px;color:#57606a}
.system span{display:inline-block;max-width:90%;padding:4px 10px;background:#eceff3;border-radius:10px}
h3{margin:0 4px 8px;font-size:14px}
.item{display:flex;align-items:baseline;gap:8px;width:100%;margin-bottom:6px;padding:10px 12px;border:1px solid #e3e6ea;border-radius:10px;background:#fff;color:#1f2328;text-align:left}
.preview{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.item time{font-size:12px;color:#57606a}
.unread .preview{font-weight:600}
.older{text-align:center;margin-bottom:8px}
.typing{display:flex;gap:4px;margin:12px 0 0 36px;padding:10px 12px;width:max-content;background:#fff;border:1px solid #e3e6ea;border-radius:14px}
.typing span{width:6px;height:6px;border-radius:50%;background:#8c959f;animation:bounce 1.2s infinite}
.typing span:nth-child(2){animation-delay:.15s}
.typing span:nth-child(3){animation-delay:.3s}
@keyframes bounce{0%,60%,100%{transform:none}30%{transform:translateY(-4px)}}
.queue,.rating{margin:0;padding:8px 16px;background:#eef4ff;color:#1d3a7a;font-size:13px;border-top:1px solid #dde6f7}
.rating{display:flex;flex-direction:column;align-items:center;gap:6px;text-align:center}
.rating p,.stars{margin:0;padding:0;border:0}
.stars legend{font-weight:600}
.stars label{font-size:26px;color:#6e7781}
.stars .on{color:#b35900}
.stars input{position:absolute;opacity:0;width:1px}
.stars :focus-within{outline:2px solid #1f2328}
.rating textarea{width:100%}
.rating .handoff{margin:0}
.handoff{margin:8px 12px 0;padding:7px 12px;border:1px solid #c9d1d9;border-radius:999px;background:#fff;color:#1f2328;font-size:13px;align-self:center}
.quick{display:flex;justify-content:center;gap:8px}
.quick .handoff{margin:8px 0 0}
.handoff:hover{background:#f3f4f6}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 12px;border-top:1px solid #e3e6ea;background:#fff}
.prechat{display:flex;flex-direction:column;gap:8px;padding:12px;border-top:1px solid #e3e6ea;font-size:13px}
.prechat p{margin:0}
.prechat label{display:flex;flex-direction:column;gap:4px;font-weight:600}
.prechat input{padding:8px 10px;border:1px solid #c9d1d9;border-radius:8px;font:inherit;font-weight:400}
.prechat .handoff{margin:4px 0 0}
textarea{flex:1;min-height:40px;max-height:120px;padding:9px 12px;border:1px solid #c9d1d9;border-radius:10px;font:inherit;color:#1f2328;background:#fff;resize:none}
textarea:focus{outline:2px solid var(--tandem-focus,var(--tandem-color));outline-offset:-1px}
.send{display:flex;align-items:center;justify-content:center;width:40px;height:40px;border:0;border-radius:10px;background:var(--tandem-color);color:var(--tandem-on-color)}
.send:disabled{opacity:.45;cursor:default}
:host(.left) .panel{right:auto;left:0}
:host(.no-launcher) .panel{bottom:0}
@media (max-width:639px){.panel{position:fixed;top:var(--tandem-top,0);left:0;right:0;bottom:auto;width:100%;height:var(--tandem-vh,100%);border-radius:0}header{padding-top:max(14px,env(safe-area-inset-top))}.composer{padding-bottom:max(12px,env(safe-area-inset-bottom))}textarea{font-size:16px}}
@media (prefers-reduced-motion:reduce){.caret,.typing span{animation:none}}
`
