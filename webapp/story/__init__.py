"""The one-page order story: header with risk, timeline of everything, read-only share link."""
