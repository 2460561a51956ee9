"""The error a parser raises for input it cannot read; the run records it and goes on."""


class ParseError(ValueError):
    """A document that cannot be read as its type; the message says why and what to do."""
