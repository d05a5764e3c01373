"""The real-browser test of every notebook and explorer (make e2e); not collected by make test."""
