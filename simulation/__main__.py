"""`python -m simulation` is the `samensturing` command."""

from simulation.cli import main

main()
