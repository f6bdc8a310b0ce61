"""Re-derive the lemma 'frame' (THEORY.md) symbolically and print the derivation; exit 0 when proved."""

import sys

from symden.lemmas.frame import main

if __name__ == "__main__":
    sys.exit(main())
