"""Import Great Expectations once, with its analytics off, only when a check needs it.

GX imports every expectation class when it is imported, and two of them (a KL divergence
and a bootstrapped KS test, which returnwatch's suites do not use) import ``scipy.stats``
and ``altair`` at module level: half of GX's import time. Those two modules are registered
as lazy modules first (``importlib.util.LazyLoader``, the standard library's lazy import):
they load for real on their first attribute access, so an expectation that needs them
still works, and a run that does not pays nothing for them.

GX's SQL support imports SQLAlchemy when it is installed (Prefect's server needs it, so it
is): ~0.25 s of CPU in every check worker, for datasources returnwatch never uses (its
batches are pandas frames). SQLAlchemy is hidden while GX is imported, unless the process
has imported it already: GX then runs as it does without its SQL extra.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
from types import ModuleType

# GX 1.24 pins this module's logger to INFO, so every ephemeral context logs the
# temporary folder of its (unused) docs site into the run's output.
_CHATTY_LOGGER = "great_expectations.data_context.types.base"

DEFERRED_MODULES = ("scipy.stats", "altair")
"""Imported by GX at start-up only for expectations returnwatch's suites do not use."""

HIDDEN_MODULES = ("sqlalchemy",)
"""Optional libraries of GX that returnwatch's checks never use (see the module's docstring)."""

_import_lock = threading.Lock()


def import_gx() -> ModuleType:
    """Return the ``great_expectations`` module, imported with usage analytics disabled.

    The import costs seconds, so callers defer it to the first check (or to ``warm_up``).
    Safe to call from several threads: the first import runs once.
    """
    with _import_lock:
        if "great_expectations" not in sys.modules:
            # GX reads this when first imported; later changes have no effect.
            os.environ["GX_ANALYTICS_ENABLED"] = "false"
            for name in DEFERRED_MODULES:
                defer_import(name)
            hidden = [name for name in HIDDEN_MODULES if name not in sys.modules]
            for name in hidden:
                sys.modules[name] = None  # type: ignore[assignment]  # its import fails
            try:
                import great_expectations
            finally:
                for name in hidden:
                    if name in sys.modules and sys.modules[name] is None:
                        del sys.modules[name]
        import great_expectations

    chatty = logging.getLogger(_CHATTY_LOGGER)
    if chatty.level == logging.INFO:
        chatty.setLevel(logging.WARNING)
    return great_expectations


def defer_import(name: str) -> None:
    """Put a lazy ``name`` in ``sys.modules``: its code runs on first attribute access.

    Does nothing when the module is already imported or not installed.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent package (scipy: ~10 ms)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
