/** The host page's markup. The app's URL is embedded as JSON data, never as script. */
export function hostPageHtml(config: { appUrl: string }): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Personalize Bridge — dev host</title>
<link rel="icon" href="data:," />
<style>
  body { font-family: system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 320px 1fr; height: 100vh; }
  aside { padding: 12px; border-right: 1px solid #ddd; overflow: auto; }
  label { display: block; margin-top: 8px; font-size: 13px; }
  select, textarea, button { width: 100%; margin-top: 4px; }
  textarea { height: 180px; font-family: monospace; font-size: 12px; }
  #frame-box { display: flex; justify-content: center; padding: 12px; background: #f5f6fa; }
  #frame-box iframe { width: 360px; height: calc(100vh - 24px); border: 1px solid #ccc; background: white; }
  #frame-box.wide iframe { width: 100%; }
  #log { font-size: 12px; max-height: 200px; overflow: auto; padding-left: 18px; }
</style>
</head>
<body>
<aside>
  <h1 style="font-size:16px">Dev host (plays the CMS)</h1>
  <label for="location">Location</label><select id="location"></select>
  <label for="entry">Entry</label><select id="entry"></select>
  <label for="user">User</label><select id="user"></select>
  <button id="open" type="button">Open location</button>
  <label for="draft">Entry draft (JSON)</label><textarea id="draft"></textarea>
  <button id="fire-change" type="button">Fire entryChange</button>
  <button id="fire-save" type="button">Fire entrySave</button>
  <p>Validity: <output id="validity"></output></p>
  <h2 style="font-size:14px">Messages</h2>
  <ol id="log"></ol>
</aside>
<div id="frame-box"></div>
<script type="application/json" id="dev-host-config">${json}</script>
<script type="module" src="/host/host-page.js"></script>
</body>
</html>`;
}
