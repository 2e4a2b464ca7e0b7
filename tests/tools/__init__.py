"""Developer tooling beside the tests, not in the installed package: the benchmark (`bench`), synthetic
knowledge bases (`synthetic`), the test server and Chromium's launch (`server`), the README's picture
(`screenshot`). The scripts run them as `python -m tools.NAME` with tests/ on the path."""
