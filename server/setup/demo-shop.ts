// The demo shop: a page of the fictional Harbor & Pine with Tandem's chat on it, as a site owner
// pastes it (one script tag), served by Tandem itself at /demo/ so the first `npm start` has something
// to open. Its help links name the demo help center's articles, which the AI answers from. The page
// runs under a strict CSP: its style and script are files of their own, no inline code.

/** Text for HTML: the site key is ours, but nothing reaches markup unescaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const PRODUCTS = [
  { name: 'Ridgeline Parka', price: '$289', note: 'Waterproof, down-filled, with a two-way zip.', colour: '#35524a' },
  { name: 'Tidewater Rain Shell', price: '$149', note: 'Packs into its own pocket.', colour: '#2f4f6f' },
  { name: 'Cascade Hiking Boots', price: '$179', note: 'Vibram soles, half sizes available.', colour: '#6b4f3a' },
  { name: 'Fernwood Fleece', price: '$89', note: 'Recycled polyester, four colours.', colour: '#7a6a3a' },
]

/** What the page suggests asking: each is answered from the demo help center, with its source (test/http/demo-shop.test.ts). */
export const DEMO_QUESTIONS = ['How much is standard shipping?', 'How do I return an item?', 'What size should I order?', 'Do you ship to Canada?']

export function demoShopPage(siteKey: string): string {
  // Each product's colour is a class of shop.css: the CSP allows no style attributes.
  const products = PRODUCTS.map(
    (p, i) => `<li class="product"><div class="swatch swatch-${i}" aria-hidden="true"></div><h3>${escapeHtml(p.name)}</h3><p class="price">${p.price}</p><p>${escapeHtml(p.note)}</p></li>`,
  ).join('\n        ')
  const questions = DEMO_QUESTIONS.map((q) => `<li>“${escapeHtml(q)}”</li>`).join('')
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Harbor &amp; Pine · Tandem demo shop</title>
  <link rel="stylesheet" href="/demo/shop.css">
</head>
<body>
  <header class="top">
    <a class="logo" href="/demo/">Harbor &amp; Pine</a>
    <nav aria-label="Shop"><a href="/demo/">Jackets</a><a href="/demo/">Boots</a><a href="/demo/">Fleece</a></nav>
    <button type="button" class="chat-button" id="open-chat">Chat with us</button>
  </header>
  <aside class="demo-note" aria-label="About this demo">
    <strong>This is Tandem's demo shop.</strong> The chat in the corner is the widget a site owner adds with one script tag.
    Ask it something the shop's help center covers, for example: <ul>${questions}</ul>
    Then ask for a person, and answer as the agent in the <a href="/agent/">agent app</a>, in another window.
  </aside>
  <main>
    <section class="hero">
      <h1>Gear for the wet side of the mountains</h1>
      <p>Rain shells, parkas and boots, made to be repaired and worn for years.</p>
    </section>
    <section aria-labelledby="new-in">
      <h2 id="new-in">New this season</h2>
      <ul class="products">
        ${products}
      </ul>
    </section>
  </main>
  <footer>
    <p>Help: shipping, returns and refunds, exchanges, sizes, payment, gift cards, warranty and repairs. Ask in the chat.</p>
    <p>A fictional shop. Nothing here is for sale.</p>
  </footer>
  <script src="/demo/shop.js" defer></script>
  <script src="/widget.js" data-site="${escapeHtml(siteKey)}" async></script>
</body>
</html>
`
}

/** The shop's own button opens the chat through the widget's JavaScript API (queued until it loads). */
export const DEMO_SHOP_SCRIPT = `window.Tandem = window.Tandem || [];
document.getElementById('open-chat').addEventListener('click', function () {
  if (typeof window.Tandem.open === 'function') window.Tandem.open();
  else window.Tandem.push(['open', []]);
});
`

export const DEMO_SHOP_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2421;background:#f6f4ef}
a{color:#24584b}
.top{display:flex;align-items:center;gap:24px;padding:16px 32px;background:#fff;border-bottom:1px solid #e3dfd5}
.logo{font-weight:800;font-size:20px;letter-spacing:-.01em;text-decoration:none;color:#1c2421}
.top nav{display:flex;gap:18px;flex:1}
.top nav a{text-decoration:none;color:#3d4a45}
.chat-button{font:inherit;border:0;border-radius:999px;padding:8px 18px;background:#24584b;color:#fff;cursor:pointer}
.chat-button:focus-visible{outline:3px solid #e0a526;outline-offset:2px}
.demo-note{margin:20px 32px 0;padding:14px 18px;background:#fff8e1;border:1px solid #e0c36a;border-radius:10px;max-width:760px}
.demo-note ul{margin:6px 0;padding-left:20px}
main{padding:8px 32px 40px}
.hero{padding:36px 0 20px;max-width:640px}
.hero h1{font-size:36px;line-height:1.15;margin:0 0 10px;letter-spacing:-.02em}
.hero p{margin:0;color:#3d4a45;font-size:18px}
h2{font-size:20px}
.products{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:18px}
.product{background:#fff;border:1px solid #e3dfd5;border-radius:12px;padding:14px}
.product h3{margin:10px 0 2px;font-size:17px}
.product p{margin:0;color:#3d4a45;font-size:14px}
.product .price{font-weight:700;color:#1c2421;font-size:15px;margin-bottom:4px}
.swatch{height:120px;border-radius:8px;background:linear-gradient(160deg,var(--swatch),#1c2421)}
${PRODUCTS.map((p, i) => `.swatch-${i}{--swatch:${p.colour}}`).join('\n')}
footer{padding:24px 32px 96px;border-top:1px solid #e3dfd5;color:#3d4a45;font-size:14px}
footer p{margin:0 0 6px}
@media (max-width:640px){.top{flex-wrap:wrap;padding:12px 16px}.top nav{order:3;flex-basis:100%}.demo-note{margin:12px 16px 0}main{padding:8px 16px 32px}footer{padding:20px 16px 96px}.hero h1{font-size:28px}}
`
