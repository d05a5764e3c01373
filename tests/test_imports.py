"""Package-level promises: light imports: the numerical modules need numpy only."""

import subprocess
import sys


def test_numerical_modules_do_not_import_matplotlib_or_ipywidgets():
    code = (
        "import sys, gdlib.optim, gdlib.calculus, gdlib.mle, gdlib.objectives, gdlib.losses, gdlib.data, "
        "gdlib.training; heavy = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
