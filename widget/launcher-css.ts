// The launcher's styles, adopted by the shadow root (a constructed sheet: allowed under a strict
// style-src, unlike a <style> element). `:host` resets everything the page could pass down: inherited
// fonts and colours, `all: unset`, even a `display: none !important` aimed at custom elements, since a
// shadow root's !important rules win over the page's for its own host. Sizes are in px: a page's huge
// `html { font-size }` moves nothing.
export const launcherCss = `
:host{all:initial!important;position:fixed!important;z-index:var(--tandem-z,2147483000)!important;right:20px!important;bottom:20px!important;display:block!important;width:auto!important;height:auto!important;margin:0!important;padding:0!important;border:0!important;transform:none!important;opacity:1!important;visibility:visible!important;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;color:#1f2328!important;--tandem-color:#2f6fed;--tandem-on-color:#fff}
.launcher{all:initial;box-sizing:border-box;position:relative;display:flex;align-items:center;justify-content:center;width:56px;height:56px;border-radius:50%;background:var(--tandem-color);color:var(--tandem-on-color);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s ease}
.launcher.labelled{width:auto;gap:8px;padding:0 20px 0 16px;border-radius:28px;font:600 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.label{white-space:nowrap}
:host(.open) .label{display:none}
:host(.open) .launcher.labelled{width:56px;padding:0}
:host(.left){right:auto!important;left:20px!important}
:host(.no-launcher) .launcher{display:none}
.launcher:hover{transform:scale(1.05)}
.launcher:focus-visible{outline:3px solid #1f2328;outline-offset:3px}
.icon{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.icon-close,:host(.open) .icon-chat{display:none}
:host(.open) .icon-close{display:block}
.badge{all:initial;position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;background:#d1242f;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}
.badge[hidden]{display:none}
.panel{display:none}
:host(.open) .panel{display:flex}
@media (max-width:639px){:host(.open){inset:0!important}:host(.open) .launcher{display:none}}
@media (prefers-reduced-motion:reduce){.launcher{transition:none}}
`
