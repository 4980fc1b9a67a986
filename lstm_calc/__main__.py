"""``python -m lstm_calc`` runs the ``lstmcalc`` command."""

from lstm_calc.launcher import main

main(prog_name="lstmcalc")
