"""Re-derive the lemma 'ramp_certificate' (THEORY.md) symbolically and print the derivation; exit 0 when proved."""

import sys

from symden.lemmas.ramp_certificate import main

if __name__ == "__main__":
    sys.exit(main())
