"""Article Editor: edit Markdown articles with YAML front matter without damaging them."""

__version__ = "0.1.0"
