"""Import Great Expectations once, with its analytics off, only when a check needs it."""

from __future__ import annotations

import logging
import os
from types import ModuleType


def import_gx() -> ModuleType:
    """Return the ``great_expectations`` module, imported with usage analytics disabled.

    The import costs seconds, so callers defer it to the first check (or to ``warm_up``).
    """
    # GX reads this when first imported; later changes have no effect.
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    gx_logger = logging.getLogger("great_expectations")
    if gx_logger.level == logging.NOTSET:
        # Each ephemeral context logs a temporary docs folder at INFO: noise in run logs.
        gx_logger.setLevel(logging.WARNING)
    import great_expectations

    return great_expectations
