from symden.cli import run

run()
