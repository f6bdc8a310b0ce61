"""Re-derive the lemma 'univariate_cost' (THEORY.md) symbolically and print the derivation; exit 0 when proved."""

import sys

from symden.lemmas.univariate_cost import main

if __name__ == "__main__":
    sys.exit(main())
