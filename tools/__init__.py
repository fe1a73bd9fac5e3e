"""Tools around the atlas, not part of what the site runs: benchmarks (`python -m atlas bench`),
a local server for tests and measurements, a reader speaking Streamlit's websocket protocol,
and the installer of the browser assets (`python -m tools.vendor`, run by `make setup`)."""
