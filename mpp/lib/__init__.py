"""Helpers that several apps share (as healthchecks keeps hc/lib/): no models, no views."""
