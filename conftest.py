"""Set-up for nbval's notebook kernels (`make test`, `make nbval`, `make test-lowest`).

- **No PNGs.** nbval compares every cell's text outputs (printed numbers, reprs, HTML) but never a
  figure's PNG (image/png is not compared). Turning a pyplot figure into that PNG is about half of
  a notebook's run time, so the kernels nbval starts run every cell and create every figure but
  skip the PNG: `InlineBackend.figure_formats = set()` leaves the figure's text repr, which is
  compared as before. The figures themselves are drawn by `make notebooks` (the stored PNGs) and
  by `make e2e`, which runs every notebook in a real browser and fails on an error output.
- **A scratch folder.** Each kernel starts in an empty folder outside the repository, not next to
  the notebook (as in Colab's /content, or a kernel started elsewhere): a notebook that reads a
  file by a relative path fails here, and one that leaves a file behind fails at its teardown.
"""

import os
import shutil
import tempfile
from pathlib import Path

KERNEL_CONFIG = "c.InlineBackend.figure_formats = set()  # nbval never compares PNGs: skip making them\n"


def pytest_configure(config):
    if not getattr(config.option, "nbval", False):
        return
    # a throw-away IPython folder for the kernels (inherited through the environment): the
    # learner's own ~/.ipython is neither read nor written
    home = Path(tempfile.mkdtemp(prefix="gdlib-nbval-ipython-"))
    (home / "profile_default").mkdir()
    (home / "profile_default" / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(home)
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))
    _kernels_start_in_a_scratch_folder()


def _kernels_start_in_a_scratch_folder():
    from nbval import plugin  # nbval starts each notebook's kernel as plugin.RunningKernel(name, cwd=...)

    started = plugin.RunningKernel

    class KernelInAScratchFolder(started):
        def __init__(self, kernel_name, cwd=None, **kwargs):
            self.scratch = Path(tempfile.mkdtemp(prefix="gdlib-nbval-cwd-"))
            super().__init__(kernel_name, cwd=str(self.scratch), **kwargs)

        def stop(self):
            super().stop()
            left = sorted(p.name for p in self.scratch.iterdir())
            shutil.rmtree(self.scratch, ignore_errors=True)
            assert not left, f"the notebook left files in its working folder: {left}"

    plugin.RunningKernel = KernelInAScratchFolder
