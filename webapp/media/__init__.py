"""Photos. images.py (the pipeline) and storage.py (where files live) import no Flask."""
