"""Serve: coopeval as a small local service, the officer's page and a JSON API.

Takes the compiled rule sets (loaded once at start) and requests; returns HTML
pages, workbooks and JSON. Sits above the library's phases and beside the
command line: `coopeval.cli` may import it, it never imports `coopeval.cli`.
"""
