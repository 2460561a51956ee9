"""Extraction: documents into return figures, each with its excerpt, span and method."""

from returnwatch.extract.document import Extraction, extract_all, extract_document
from returnwatch.extract.figure import Figure
from returnwatch.extract.problems import Problem

__all__ = ["Extraction", "Figure", "Problem", "extract_all", "extract_document"]
