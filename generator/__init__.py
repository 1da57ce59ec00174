"""Herald: a knowledge site plus derived X threads and LinkedIn posts from one Markdown source."""

__version__ = "0.1.0"
