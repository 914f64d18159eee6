"""Integrations with other libraries.  Each module imports its library only when imported.

* :mod:`cleantext.integrations.dask`: clean a Dask bag of texts, or a text column of a
  Dask dataframe, on a cluster (``pip install 'cleantext-body[dask]'``).
"""
