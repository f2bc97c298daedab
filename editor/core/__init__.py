"""Qt-free core: article model, front matter, footer blocks, repair, rendering, library."""
