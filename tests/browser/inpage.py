"""Move bytes in and out of a page that runs the app's pure ES modules."""

import base64

JS_HELPERS = """
window.b64in = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
window.b64out = (u8) => {
  if (!u8) return null;
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) {
    s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  }
  return btoa(s);
};
"""


def b64(data: bytes) -> str:
    """Bytes to base64 text for page.evaluate."""
    return base64.b64encode(data).decode()


def unb64(text: str | None) -> bytes | None:
    """Base64 text from the page back to bytes."""
    return None if text is None else base64.b64decode(text)
