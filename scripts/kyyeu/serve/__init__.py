"""`kyyeu serve`: the live-reload server (`server`) on top of a rebuild session (`session`) that re-runs the
build's own stages on what changed."""
