"""Re-derive the lemma 'triangles' (THEORY.md) symbolically and print the derivation; exit 0 when proved."""

import sys

from symden.lemmas.triangles import main

if __name__ == "__main__":
    sys.exit(main())
