"""Shared test configuration: Hypothesis profiles.

Pick one with ``HYPOTHESIS_PROFILE=fast pytest``; ``default`` runs otherwise.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
