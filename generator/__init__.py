"""Dev-time code generator: spec/adspixel.yaml -> generated/.

A short pipeline, one module per step (see :mod:`generator.pipeline`):
load the YAML with line numbers, check it, parse it into a small typed model,
render every output in memory, then write them all atomically.  Nothing here is
imported by the run-time library.
"""
