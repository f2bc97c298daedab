"""The frozen app's entry point: the same as the ``article-editor`` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The preview renders very long articles in a spawned process; in a frozen app the
    # child is this executable again, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()

    from editor.cli import main

    sys.exit(main())
