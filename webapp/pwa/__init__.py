"""The installable, offline-capable shell: manifest, service worker, offline and sync pages."""
