"""Import Great Expectations once, with its analytics off, only when a check needs it."""

from __future__ import annotations

import logging
import os
from types import ModuleType

# GX 1.24 pins this module's logger to INFO, so every ephemeral context logs the
# temporary folder of its (unused) docs site into the run's output.
_CHATTY_LOGGER = "great_expectations.data_context.types.base"


def import_gx() -> ModuleType:
    """Return the ``great_expectations`` module, imported with usage analytics disabled.

    The import costs seconds, so callers defer it to the first check (or to ``warm_up``).
    """
    # GX reads this when first imported; later changes have no effect.
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations

    chatty = logging.getLogger(_CHATTY_LOGGER)
    if chatty.level == logging.INFO:
        chatty.setLevel(logging.WARNING)
    return great_expectations
