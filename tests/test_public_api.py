"""The public facade: `coopeval.__all__` is exactly the public names."""

from __future__ import annotations

import coopeval
import coopeval.errors


class TestAll:
    def test_all_matches_public_names(self) -> None:
        """Every public name in the package namespace is in __all__, and nothing else."""
        public = {
            name
            for name in dir(coopeval)  # names loaded on first use are listed too
            if not name.startswith("_")
            and not getattr(getattr(coopeval, name), "__name__", "").startswith("coopeval.")
        }

        assert sorted(public | {"__version__"}) == sorted(coopeval.__all__)

    def test_all_is_sorted(self) -> None:
        """__all__ is kept sorted so diffs stay small."""
        assert sorted(coopeval.__all__) == list(coopeval.__all__)

    def test_every_error_derives_from_the_root(self) -> None:
        """Every error class in coopeval.errors derives from CoopevalError."""
        classes = [getattr(coopeval.errors, n) for n in coopeval.errors.__all__]

        assert all(issubclass(c, coopeval.errors.CoopevalError) for c in classes)
