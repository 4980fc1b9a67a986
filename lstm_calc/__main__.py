"""``python -m lstm_calc`` runs the ``lstmcalc`` command."""

from lstm_calc.cli import main

main(prog_name="lstmcalc")
