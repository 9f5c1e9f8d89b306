"""How long a browser test waits for an event before it gives up.

These are ceilings, not delays: every wait ends as soon as its event happens (a selector, a
navigation, a request). On a machine shared by many jobs a page that takes 2 s when quiet can
take 20 s, so the ceiling is generous; a test that is really stuck is still ended by it.
"""

WAIT_MS = 60_000
