"""The feedback screens: the satisfaction survey (public, from a done ticket's page, and
the front desk's paper form), complaints and suggestions (the portal, the front desk, the
staff's worklist), and the back office's IKM and officers' reports. Thin: parse,
`access_*`, one service or selector, render."""

from __future__ import annotations

# --- survey ------------------------------------------------------------------------------


# --- reports (IKM, officers' conduct) ----------------------------------------------------


# --- complaints --------------------------------------------------------------------------
