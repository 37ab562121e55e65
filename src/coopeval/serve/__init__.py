"""Serve: coopeval as a small local service, a JSON API and the officer's page.

Takes compiled rule sets (every bundled one by default, compiled once at start)
and gives a FastAPI application (`create_app`): ``POST /v1/score``,
``/v1/explain``, ``/v1/eligible``, ``/v1/whatif`` answer with the JSON output
contract of the command line, ``GET /v1/rules`` lists the rule sets served,
``GET /health`` needs no token, and ``/`` is the officer's page. Needs the
``serve`` extra (``pip install 'coopeval[serve]'``).
"""

from coopeval.serve.app import create_app, load_rules

__all__ = ["create_app", "load_rules"]
