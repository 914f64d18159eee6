"""Build the compiled loops (``cleantext._core``, plain C over the CPython C API).

Everything else is in pyproject.toml.  ``-ffp-contract=off`` keeps the compiler from
fusing a multiplication and an addition into one rounding step (some targets do it by
default), so that the compiled loops give the numpy code's numbers to the last bit
everywhere.  Without a C compiler the build goes on without the extension
(``optional``) and cleantext computes the same numbers with numpy, more slowly
(``cleantext.compiled.available()`` says which).
"""

import sys

from setuptools import Extension, setup

if sys.platform == "win32":
    ARGS = ["/O2", "/fp:precise"]
else:
    ARGS = ["-O2", "-ffp-contract=off"]

setup(
    ext_modules=[
        Extension("cleantext._core", sources=["src/cleantext/_core.c"], extra_compile_args=ARGS, optional=True),
    ]
)
