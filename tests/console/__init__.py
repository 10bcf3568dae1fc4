"""Browser and unit tests of the office console (pwa/console) and the public page (pwa/public)."""
