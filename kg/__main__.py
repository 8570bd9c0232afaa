import sys

from .cli import main

# Guarded: worker processes started with "spawn" (kg serve) import this module again.
if __name__ == "__main__":
    sys.exit(main())
