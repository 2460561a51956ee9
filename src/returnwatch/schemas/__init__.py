"""pandera schemas of the frames that move through a run."""

from returnwatch.schemas.figures import FIGURE_SCHEMA

__all__ = ["FIGURE_SCHEMA"]
