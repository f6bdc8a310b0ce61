"""Re-derive the lemma 'ramp' (THEORY.md) symbolically and print the derivation; exit 0 when proved."""

import sys

from symden.lemmas.ramp import main

if __name__ == "__main__":
    sys.exit(main())
